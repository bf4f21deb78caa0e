package dev.hlas.api;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.audio.Encoders;
import dev.hlas.cache.SpeechCache;
import dev.hlas.config.HlasConfig;
import dev.hlas.ops.ClientLimiter;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestSummary;
import dev.hlas.speech.SpeechService;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * The OpenAI-compatible HTTP transport: routes, error mapping, virtual threads. Knows the pipeline only through
 * {@link SpeechService}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private final Javalin app;
    private final ServingFilters filters;
    private final RequestLifecycle lifecycle;
    private final Duration shutdownGrace;

    private HttpServer(Javalin app, ServingFilters filters, RequestLifecycle lifecycle, Duration shutdownGrace) {
        this.app = app;
        this.filters = filters;
        this.lifecycle = lifecycle;
        this.shutdownGrace = shutdownGrace;
    }

    /** Builds and starts the server with a private metrics registry and no cache. */
    public static HttpServer start(HlasConfig config, SpeechService speech) {
        Metrics metrics = new Metrics(new RequestSummary(200));
        metrics.watch(speech.scheduler());
        return start(config, speech, metrics, SpeechCache.disabled());
    }

    /** Builds and starts the server on the configured host and port. */
    public static HttpServer start(HlasConfig config, SpeechService speech, Metrics metrics, SpeechCache cache) {
        var serving = config.serving();
        SpeechHandler speechHandler = new SpeechHandler(speech, config.maxInputChars(), cache, serving.logTexts());
        CatalogHandlers catalog = new CatalogHandlers(speech.voices());
        RequestLifecycle lifecycle = new RequestLifecycle(serving, metrics);
        ServingFilters filters = new ServingFilters(serving, ApiKeys.of(serving.apiKeys()),
                new ClientLimiter(serving.maxStreamsPerClient()), lifecycle);
        OpsRoutes ops = new OpsRoutes(speech, metrics, cache, lifecycle, config.defaultVoice());
        TextAnalyzeHandler analyze = new TextAnalyzeHandler(speech, config.maxInputChars());
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = Math.max(1_000_000L, config.maxInputChars() * 8L + 65_536L);
            cfg.staticFiles.enableWebjars();
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(new FilterHolder(lifecycle), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            cfg.routes.before(filters::before);
            cfg.routes.before("/v1/audio/speech", filters::beforeSpeech);
            cfg.routes.post("/v1/audio/speech", speechHandler::handle);
            cfg.routes.post("/v1/text/analyze", analyze::handle);
            cfg.routes.post("/v1/audio/phonemes", new PhonemesHandler(speech, config.maxInputChars())::handle);
            cfg.routes.get("/v1/models", catalog::models);
            cfg.routes.get("/v1/models/{id}", catalog::model);
            cfg.routes.get("/v1/audio/voices", catalog::voices);
            cfg.routes.get("/v1/ops/summary", ops::summary);
            cfg.routes.get("/health", ops::health);
            cfg.routes.get("/ready", ops::ready);
            cfg.routes.get("/metrics", ops::metrics);
            cfg.routes.get("/openapi.json", ops::openApi);
            cfg.routes.get("/docs", ops::docs);
            cfg.routes.after(filters::after);
            cfg.routes.exception(Exception.class, ErrorMapper::handle);
            cfg.routes.error(404, ErrorMapper::handleStatus);
            cfg.routes.error(405, ErrorMapper::handleStatus);
            cfg.routes.error(413, ErrorMapper::handleStatus);
        });
        app.start(config.host(), config.port());
        warmUpEncoders();
        return new HttpServer(app, filters, lifecycle, serving.shutdownGrace());
    }

    /**
     * Sends a few requests to itself over loopback so Jetty, Javalin and Jackson are loaded and compiled before the
     * first client arrives (without this the first response took ~0.5 s longer). Failures are ignored. The requests
     * carry this server's private warm-up token, so they stay out of the metrics, the request log, the response cache
     * and the per-client limits; they are still authenticated (with API keys configured they get a 401, which warms
     * less of the path but is harmless).
     */
    public void warmUp() {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            for (String format : new String[]{"pcm", "mp3", "pcm"}) {
                String body = "{\"model\":\"tts-1\",\"input\":\"Hi.\",\"voice\":\"alloy\",\"response_format\":\""
                        + format + "\"}";
                var request = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port() + "/v1/audio/speech"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer warm-up")
                        .header(ServingFilters.WARM_UP_HEADER, filters.warmUpToken())
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

    /** Method and path of every HTTP route registered, e.g. {@code GET /v1/models/{id}}. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(pe -> pe.endpoint)
                .filter(e -> !e.method.name().equals("BEFORE") && !e.method.name().equals("AFTER")
                        && !e.method.name().startsWith("BEFORE_") && !e.method.name().startsWith("AFTER_"))
                .map(e -> e.method.name() + " " + e.path).toList();
    }

    /** Requests being served now. */
    public int inFlight() {
        return lifecycle.inFlight();
    }

    /**
     * Graceful stop: refuses new {@code /v1} requests (503), lets in-flight ones finish up to the configured grace,
     * then stops the server (which ends whatever is left).
     */
    @Override
    public void close() {
        try {
            if (!lifecycle.drain(shutdownGrace)) {
                log.warn("{} request(s) still running after {} s of shutdown grace; stopping anyway",
                        lifecycle.inFlight(), shutdownGrace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }
}
