package dev.hlas.api;

import dev.hlas.audio.Encoders;
import dev.hlas.config.HlasConfig;
import dev.hlas.speech.SpeechService;
import io.javalin.Javalin;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The OpenAI-compatible HTTP transport: routes, error mapping, virtual threads. Knows the pipeline only through
 * {@link SpeechService}.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Builds and starts the server on the configured host and port. */
    public static HttpServer start(HlasConfig config, SpeechService speech) {
        SpeechHandler speechHandler = new SpeechHandler(speech, config.maxInputChars());
        CatalogHandlers catalog = new CatalogHandlers(speech.voices());
        TextAnalyzeHandler analyze = new TextAnalyzeHandler(speech, config.maxInputChars());
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = Math.max(1_000_000L, config.maxInputChars() * 8L + 65_536L);
            cfg.routes.post("/v1/audio/speech", speechHandler::handle);
            cfg.routes.post("/v1/text/analyze", analyze::handle);
            cfg.routes.post("/v1/audio/phonemes", new PhonemesHandler(speech, config.maxInputChars())::handle);
            cfg.routes.get("/v1/models", catalog::models);
            cfg.routes.get("/v1/models/{id}", catalog::model);
            cfg.routes.get("/v1/audio/voices", catalog::voices);
            cfg.routes.get("/health", ctx -> CatalogHandlers.json(ctx, Map.of("status", "ok",
                    "active_streams", speech.scheduler().activeStreams())));
            cfg.routes.exception(Exception.class, ErrorMapper::handle);
            cfg.routes.error(404, ErrorMapper::handleStatus);
            cfg.routes.error(405, ErrorMapper::handleStatus);
            cfg.routes.error(413, ErrorMapper::handleStatus);
        });
        app.start(config.host(), config.port());
        warmUpEncoders();
        return new HttpServer(app);
    }

    /**
     * Sends a few requests to itself over loopback so Jetty, Javalin and Jackson are loaded and compiled before the
     * first client arrives (without this the first response took ~0.5 s longer). Failures are ignored.
     */
    public void warmUp() {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            for (String format : new String[]{"pcm", "mp3", "pcm"}) {
                String body = "{\"model\":\"tts-1\",\"input\":\"Hi.\",\"voice\":\"alloy\",\"response_format\":\""
                        + format + "\"}";
                var request = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port() + "/v1/audio/speech"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer warm-up")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
                client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    /** Loads FFmpeg in the background (about a second), so the first mp3/opus/aac/flac request does not wait for it. */
    private static void warmUpEncoders() {
        Thread.ofPlatform().daemon().name("hlas-encoder-warmup").start(() -> {
            try {
                Encoders.warmUp();
            } catch (RuntimeException | LinkageError e) {
                LoggerFactory.getLogger(HttpServer.class).error("FFmpeg encoders failed to load; only wav and pcm "
                        + "responses will work", e);
            }
        });
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
