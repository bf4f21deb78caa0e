package dev.hlas;

import dev.hlas.api.HttpServer;
import dev.hlas.cache.SpeechCache;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.espeak.EspeakEngine;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestSummary;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.text.BasicTextAnalyzer;
import dev.hlas.voice.VoiceAliases;
import dev.hlas.voice.VoiceRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: builds every stage from one {@link HlasConfig} and wires them through constructors.
 * Nothing else in the code base creates engines, registries or servers.
 */
public final class Hlas implements AutoCloseable {
    private final HlasConfig config;
    private final List<SpeechEngine> engines;
    private final SpeechService speech;
    private final Metrics metrics;
    private SpeechCache cache;
    private HttpServer server;

    private Hlas(HlasConfig config, List<SpeechEngine> engines, SpeechService speech, Metrics metrics) {
        this.config = config;
        this.engines = engines;
        this.speech = speech;
        this.metrics = metrics;
    }

    /** Builds the pipeline without a transport (for the CLI's {@code say} and {@code voices}). */
    public static Hlas create(HlasConfig config) {
        return create(config, SynthesisListener.NONE);
    }

    /** Builds the pipeline, reporting synthesis to {@code listener}. */
    public static Hlas create(HlasConfig config, SynthesisListener listener) {
        return create(config, listener, List.of());
    }

    /**
     * Builds the pipeline with {@code extraEngines} after the built-in ones (tests and benchmarks register engines of
     * their own this way; the returned {@link Hlas} closes them).
     */
    public static Hlas create(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines) {
        EspeakNative espeak = EspeakNative.load(config.espeakLibrary(), config.espeakData());
        List<SpeechEngine> engines = new ArrayList<>();
        engines.add(new EspeakEngine(espeak));
        engines.addAll(extraEngines);
        VoiceRegistry registry = new VoiceRegistry(engines, VoiceAliases.openAiDefaults());
        ServingConfig serving = config.serving();
        Metrics metrics = new Metrics(new RequestSummary(200));
        EngineScheduler scheduler = new EngineScheduler(serving.workers(), serving.queueLimit(),
                serving.requestTimeout());
        metrics.watch(scheduler);
        SpeechService speech = new SpeechService(new BasicTextAnalyzer(), registry, scheduler,
                both(metrics, listener));
        return new Hlas(config, List.copyOf(engines), speech, metrics);
    }

    private static SynthesisListener both(SynthesisListener a, SynthesisListener b) {
        if (b == SynthesisListener.NONE) return a;
        return new SynthesisListener() {
            @Override
            public void streamStarted(SpeechPlan plan) {
                a.streamStarted(plan);
                b.streamStarted(plan);
            }

            @Override
            public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos,
                                            double audioSeconds) {
                a.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
                b.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
            }

            @Override
            public void queueWaited(String engine, long waitNanos) {
                a.queueWaited(engine, waitNanos);
                b.queueWaited(engine, waitNanos);
            }

            @Override
            public void streamEnded(SpeechPlan plan, boolean completed) {
                a.streamEnded(plan, completed);
                b.streamEnded(plan, completed);
            }
        };
    }

    /** Builds everything and starts the HTTP server. */
    public static Hlas serve(HlasConfig config) {
        return serve(config, SynthesisListener.NONE);
    }

    public static Hlas serve(HlasConfig config, SynthesisListener listener) {
        return serve(config, listener, List.of());
    }

    /** Builds everything with extra engines and starts the HTTP server. */
    public static Hlas serve(HlasConfig config, List<SpeechEngine> extraEngines) {
        return serve(config, SynthesisListener.NONE, extraEngines);
    }

    public static Hlas serve(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines) {
        Hlas hlas = create(config, listener, extraEngines);
        try {
            ServingConfig serving = config.serving();
            hlas.cache = new SpeechCache(serving.cacheEnabled(), serving.cacheMemoryBytes(),
                    config.home().resolve("cache").resolve("speech"), serving.cacheDiskBytes(),
                    serving.cacheMaxEntryBytes());
            hlas.metrics.watch(hlas.cache);
            hlas.server = HttpServer.start(config, hlas.speech, hlas.metrics, hlas.cache);
            return hlas;
        } catch (RuntimeException e) {
            hlas.close();
            throw e;
        }
    }

    public HlasConfig config() {
        return config;
    }

    public SpeechService speech() {
        return speech;
    }

    /** The server's metrics (also served at {@code /metrics}). */
    public Metrics metrics() {
        return metrics;
    }

    /** The response cache; a disabled one when not serving. */
    public SpeechCache cache() {
        return cache == null ? SpeechCache.disabled() : cache;
    }

    /** The HTTP server, when serving. */
    public HttpServer server() {
        if (server == null) throw new IllegalStateException("not serving");
        return server;
    }

    /** Port the HTTP server listens on. */
    public int port() {
        if (server == null) throw new IllegalStateException("not serving");
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) server.close();
        speech.close();
        if (cache != null) cache.close();
        metrics.close();
        engines.forEach(SpeechEngine::close);
    }
}
