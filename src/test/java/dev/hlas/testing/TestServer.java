package dev.hlas.testing;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.SpeechEngine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** The real server on a random loopback port, with a JDK HttpClient pointed at it. */
public final class TestServer implements AutoCloseable {
    private final Hlas hlas;
    private final RecordingListener listener = new RecordingListener();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(Path home) {
        this(home, c -> c);
    }

    public TestServer(Path home, UnaryOperator<HlasConfig> customize) {
        this(home, customize, List.of());
    }

    /** A server with extra (test) engines ahead of the built-in ones. */
    public TestServer(Path home, UnaryOperator<HlasConfig> customize, List<SpeechEngine> extraEngines) {
        HlasConfig config = customize.apply(HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home));
        this.hlas = Hlas.serve(config, listener, extraEngines);
    }

    public Hlas hlas() {
        return hlas;
    }

    public RecordingListener listener() {
        return listener;
    }

    public int port() {
        return hlas.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** POSTs JSON and returns the whole response. */
    public HttpResponse<byte[]> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        hlas.close();
    }
}
