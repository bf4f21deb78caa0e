package dev.hlas.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.error.HlasException;
import dev.hlas.speech.SpeechRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends rows to a running Hlas ({@code POST /v1/audio/speech}), with an API key when given. The server's error
 * envelope becomes the row's failure (its message and {@code param}); a 429 is retried like a busy engine in-process.
 * The duration comes from the server's {@code X-Usage-Audio-Seconds} when it sends one (a cache hit), else from the
 * length of uncompressed audio (wav, pcm); it is unknown for a compressed format rendered afresh.
 */
public final class ServerRenderer implements Renderer {
    private static final int WAV_HEADER = 44;
    private final URI speech;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    public ServerRenderer(URI server, String apiKey) {
        String base = server.toString().replaceAll("/+$", "");
        this.speech = URI.create(base + "/v1/audio/speech");
        this.apiKey = apiKey;
    }

    @Override
    public Rendered render(ObjectNode body, SpeechRequest request, OutputStream out)
            throws IOException, InterruptedException {
        HttpRequest.Builder post = HttpRequest.newBuilder(speech)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BatchInput.MAPPER.writeValueAsBytes(body)));
        if (apiKey != null) post.header("Authorization", "Bearer " + apiKey);
        HttpResponse<InputStream> response;
        try {
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw HlasException.unavailable("cannot connect to " + speech + ": " + e.getMessage());
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) throw failure(response.statusCode(), in.readAllBytes(), response);
            long bytes = in.transferTo(out);
            int rate = response.headers().firstValue("X-Sample-Rate").map(Integer::parseInt).orElse(0);
            Double duration = response.headers().firstValue("X-Usage-Audio-Seconds").map(Double::parseDouble)
                    .orElse(null);
            if (duration == null && rate > 0 && request.format() == AudioFormat.PCM) {
                duration = bytes / (2.0 * rate);
            } else if (duration == null && rate > 0 && request.format() == AudioFormat.WAV) {
                duration = Math.max(0, bytes - WAV_HEADER) / (2.0 * rate);
            }
            int characters = response.headers().firstValue("X-Usage-Characters").map(Integer::parseInt)
                    .orElse(request.input().codePointCount(0, request.input().length()));
            return new Rendered(response.headers().firstValue("X-Voice").orElse(request.voice()),
                    response.headers().firstValue("X-Language").orElse(""), duration, characters);
        }
    }

    private static HlasException failure(int status, byte[] body, HttpResponse<?> response) {
        String message = "HTTP " + status;
        String param = null;
        try {
            JsonNode error = BatchInput.MAPPER.readTree(body).path("error");
            if (error.hasNonNull("message")) message = error.get("message").asText();
            if (error.hasNonNull("param")) param = error.get("param").asText();
        } catch (IOException | RuntimeException e) {
            // not an envelope: the status says enough
        }
        return switch (status) {
            case 400, 413, 422 -> HlasException.invalid(param, message);
            case 401, 403 -> HlasException.unauthorized(message);
            case 404 -> HlasException.notFound(param, message);
            case 429 -> HlasException.busy(message, response.headers().firstValue("Retry-After")
                    .map(Integer::parseInt).orElse(1));
            default -> HlasException.unavailable("server answered " + status + ": " + message);
        };
    }
}
