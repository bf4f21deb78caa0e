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
import java.util.List;
import java.util.function.UnaryOperator;

/** A real server in-process on a free loopback port, and a JDK HTTP client for it. */
public final class TestServer implements AutoCloseable {
    public final Hlas hlas;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestServer(Hlas hlas) {
        this.hlas = hlas;
    }

    /** Starts a server with {@code serving} adjusted by {@code tune} and the given extra engines. */
    public static TestServer start(Path home, UnaryOperator<ServingConfig> tune, SpeechEngine... engines) {
        HlasConfig config = HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home);
        config = config.withServing(tune.apply(config.serving()));
        return new TestServer(Hlas.serve(config, List.of(engines)));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + hlas.port() + path);
    }

    /** A speech request body for {@code voice} in English. */
    public static String speechJson(String voice, String text, String format) {
        return "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"" + format + "\",\"language\":\"en\"}";
    }

    public HttpRequest.Builder speechRequest(String json) {
        return HttpRequest.newBuilder(uri("/v1/audio/speech")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    public HttpResponse<byte[]> post(String json) throws IOException, InterruptedException {
        return http.send(speechRequest(json).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        hlas.close();
        http.close();
    }
}
