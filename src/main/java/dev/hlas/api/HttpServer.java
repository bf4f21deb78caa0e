package dev.hlas.api;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.api.console.ConsoleRoutes;
import dev.hlas.api.ws.SpeechSocket;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.TranscriptionRelay;
import dev.hlas.jobs.JobService;
import dev.hlas.ops.ClientLimiter;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.UsageLedger;
import dev.hlas.stt.TranscriptionService;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.speech.SpeechService;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.VoiceStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI-compatible HTTP transport: routes, error mapping, virtual threads. Knows the pipeline only through
 * the {@link ResponsePipeline} (speech) and its {@link SpeechService} (planning-only routes).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private final Javalin app;
    private final ServingFilters filters;
    private final RequestLifecycle lifecycle;
    private final Duration shutdownGrace;
    private final SpeechSocket socket;

    private HttpServer(Javalin app, ServingFilters filters, RequestLifecycle lifecycle, Duration shutdownGrace,
                       SpeechSocket socket) {
        this.app = app;
        this.filters = filters;
        this.lifecycle = lifecycle;
        this.shutdownGrace = shutdownGrace;
        this.socket = socket;
    }

    /**
     * Builds and starts the server on the configured host and port; the console installs voices from
     * {@code downloadable} into {@code store}; {@code jobs} serves {@code /v1/audio/speech/jobs} and {@code usage}
     * {@code /v1/ops/usage}.
     */
    public static HttpServer start(HlasConfig config, ResponsePipeline pipeline, Metrics metrics, VoiceStore store,
                                   Catalog downloadable, JobService jobs, UsageLedger usage,
                                   TranscriptionService transcriptions, TranscriptionRelay relay) {
        var serving = config.serving();
        SpeechService speech = pipeline.speech();
        SpeechHandler speechHandler = new SpeechHandler(pipeline, config.maxInputChars(), serving.logTexts());
        CatalogHandlers catalog = new CatalogHandlers(speech.voices(), transcriptions::models, relay::models);
        List<String> accepted = new ArrayList<>(serving.apiKeys()); // admin keys are API keys too
        serving.adminKeys().stream().filter(k -> !accepted.contains(k)).forEach(accepted::add);
        ApiKeys keys = ApiKeys.of(accepted);
        ConsoleRoutes console = new ConsoleRoutes(config, speech.voices(), speech.scheduler(), metrics.summary(), keys,
                store, downloadable);
        RequestLifecycle lifecycle = new RequestLifecycle(serving, metrics);
        ServingFilters filters = new ServingFilters(serving, keys, new ClientLimiter(serving.maxStreamsPerClient()),
                lifecycle);
        OpsRoutes ops = new OpsRoutes(speech, metrics, pipeline.cache(), lifecycle, config.defaultVoice());
        UsageHandler usageHandler = new UsageHandler(usage, serving);
        JobHandlers jobHandlers = new JobHandlers(jobs);
        TextAnalyzeHandler analyze = new TextAnalyzeHandler(speech, config.maxInputChars());
        SpeechSocket socket = config.webSocket().enabled() ? new SpeechSocket(config, pipeline, metrics) : null;
        Javalin app = Javalin.create(cfg -> {
            configure(cfg, config);
            uploads(cfg, config);
            if (socket != null) socket.register(cfg);
            cfg.staticFiles.enableWebjars();
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(new FilterHolder(lifecycle), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            cfg.routes.before(filters::before);
            cfg.routes.before("/v1/audio/speech", filters::beforeSpeech);
            cfg.routes.post("/v1/audio/speech", speechHandler::handle);
            cfg.routes.before("/v1/audio/captions", filters::beforeSpeech);
            cfg.routes.post("/v1/audio/captions", new CaptionsHandler(pipeline, config.maxInputChars())::handle);
            cfg.routes.before("/dev/captioned_speech", filters::beforeSpeech);
            cfg.routes.post("/dev/captioned_speech",
                    new CaptionedSpeechHandler(pipeline, config.maxInputChars())::handle);
            cfg.routes.post(JobHandlers.PATH, jobHandlers::create);
            cfg.routes.get(JobHandlers.PATH, jobHandlers::list);
            cfg.routes.get(JobHandlers.PATH + "/{id}", jobHandlers::status);
            cfg.routes.delete(JobHandlers.PATH + "/{id}", jobHandlers::delete);
            cfg.routes.get(JobHandlers.PATH + "/{id}/content", jobHandlers::content);
            cfg.routes.get(JobHandlers.PATH + "/{id}/captions", jobHandlers::captions);
            cfg.routes.get(JobHandlers.PATH + "/{id}/events", jobHandlers::events);
            cfg.routes.post("/v1/audio/transcriptions",
                    new TranscriptionHandler(transcriptions, relay, serving.requestTimeout(), metrics, false)::handle);
            cfg.routes.post("/v1/audio/translations",
                    new TranscriptionHandler(transcriptions, relay, serving.requestTimeout(), metrics, true)::handle);
            cfg.routes.post("/v1/text/analyze", analyze::handle);
            cfg.routes.post("/v1/audio/phonemes", new PhonemesHandler(speech, config.maxInputChars())::handle);
            cfg.routes.get("/v1/models", catalog::models);
            cfg.routes.get("/v1/models/{id}", catalog::model);
            cfg.routes.get("/v1/audio/voices", catalog::voices);
            cfg.routes.get("/v1/audio/models", catalog::audioModels);
            if (speech.lexicons() != null) {
                LexiconHandlers lexicons = new LexiconHandlers(speech.lexicons(), serving);
                cfg.routes.get("/v1/audio/lexicons", lexicons::list);
                cfg.routes.get("/v1/audio/lexicons/{name}", lexicons::get);
                cfg.routes.put("/v1/audio/lexicons/{name}", lexicons::put);
                cfg.routes.delete("/v1/audio/lexicons/{name}", lexicons::delete);
            }
            cfg.routes.get("/v1/ops/summary", ops::summary);
            cfg.routes.get("/v1/ops/usage", usageHandler::usage);
            cfg.routes.get("/health", ops::health);
            cfg.routes.get("/ready", ops::ready);
            cfg.routes.get("/metrics", ops::metrics);
            cfg.routes.get("/openapi.json", ops::openApi);
            cfg.routes.get("/docs", ops::docs);
            console.register(cfg);
            cfg.routes.after(filters::after);
            errors(cfg);
        });
        app.start(config.host(), config.port());
        return new HttpServer(app, filters, lifecycle, serving.shutdownGrace(), socket);
    }

    private static void configure(JavalinConfig cfg, HlasConfig config) {
        cfg.concurrency.useVirtualThreads = true;
        cfg.startup.showJavalinBanner = false;
        // a job's text may be far longer than a request's: up to 4 UTF-8 bytes per character, JSON-escaped
        cfg.http.maxRequestSize = Math.max(1_000_000L,
                Math.max(config.maxInputChars(), config.jobs().maxChars()) * 8L + 65_536L);
    }

    /**
     * Multipart uploads (speech to text): files up to the configured size, kept in memory up to 1 MB and spooled to
     * a temporary file beyond; the whole body may carry 1 MB of form fields besides the file.
     */
    private static void uploads(JavalinConfig cfg, HlasConfig config) {
        long limit = config.stt().maxUploadBytes();
        cfg.jetty.multipartConfig.maxFileSize(limit, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(limit + 1024 * 1024, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
    }

    private static void errors(JavalinConfig cfg) {
        cfg.routes.exception(Exception.class, ErrorMapper::handle);
        cfg.routes.error(404, ErrorMapper::handleStatus);
        cfg.routes.error(405, ErrorMapper::handleStatus);
        cfg.routes.error(413, ErrorMapper::handleStatus);
    }

    /**
     * Warms the HTTP path before the real server binds its port: a private server on a loopback port with only the
     * speech route (no filters, so nothing is metered, logged or limited), fed {@code formats} requests over HTTP so
     * that Jetty, Javalin, Jackson and the handler are loaded and compiled (without this the first client's response
     * took ~0.5 s longer), then stopped. {@code pipeline} should be an unmetered one without a cache. Failures are
     * logged and ignored: warm-up only saves time.
     */
    public static void warmUp(HlasConfig config, ResponsePipeline pipeline, String voice, List<String> formats) {
        SpeechHandler handler = new SpeechHandler(pipeline, config.maxInputChars(), false);
        Javalin app = Javalin.create(cfg -> {
            configure(cfg, config);
            cfg.routes.post("/v1/audio/speech", handler::handle);
            errors(cfg);
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            app.start("127.0.0.1", 0);
            for (String format : formats) {
                String body = new String(Json.bytes(Map.of("model", "tts-1", "input", "Hi.", "voice", voice,
                        "response_format", format)), StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.port() + "/v1/audio/speech"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) log.warn("warm-up request ({}) answered {}", format,
                        response.statusCode());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("HTTP warm-up failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.stop();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** Method and path of every HTTP route registered, e.g. {@code GET /v1/models/{id}} (not the WebSocket one). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(pe -> pe.endpoint)
                .filter(e -> !e.method.name().equals("BEFORE") && !e.method.name().equals("AFTER")
                        && !e.method.name().startsWith("BEFORE_") && !e.method.name().startsWith("AFTER_")
                        && !e.method.name().startsWith("WEBSOCKET_"))
                .map(e -> e.method.name() + " " + e.path).toList();
    }

    /** WebSocket sessions open now (0 when the endpoint is off). */
    public int webSocketSessions() {
        return socket == null ? 0 : socket.sessions();
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
