package dev.hlas.testing;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.engine.SpeechEngine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** The real server on a random loopback port, with a JDK HttpClient (HTTP/1.1) pointed at it. */
public final class TestServer implements AutoCloseable {
    private final Hlas hlas;
    private final RecordingListener listener = new RecordingListener();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

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

    /** A server whose serving settings are adjusted by {@code tune}, with the given extra engines. */
    public static TestServer start(Path home, UnaryOperator<ServingConfig> tune, SpeechEngine... engines) {
        return new TestServer(home, c -> c.withServing(tune.apply(c.serving())), List.of(engines));
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

    /** A speech request body for {@code voice} in English. */
    public static String speechJson(String voice, String text, String format) {
        return "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"" + format + "\",\"language\":\"en\"}";
    }

    /** A speech request without credentials (add {@code Authorization} where keys are configured). */
    public HttpRequest.Builder speechRequest(String json) {
        return HttpRequest.newBuilder(uri("/v1/audio/speech")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** POSTs a speech request without credentials and returns the whole response. */
    public HttpResponse<byte[]> post(String json) throws IOException, InterruptedException {
        return http.send(speechRequest(json).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs JSON and returns the whole response. */
    public HttpResponse<byte[]> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        hlas.close();
        http.close();
    }
}
