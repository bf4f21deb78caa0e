package dev.hlas;

import dev.hlas.api.HttpServer;
import dev.hlas.audio.AudioFormat;
import dev.hlas.cache.SpeechCache;
import dev.hlas.config.EnginesConfig;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.espeak.EspeakProvider;
import dev.hlas.engine.kokoro.KokoroProvider;
import dev.hlas.engine.piper.PiperProvider;
import dev.hlas.engine.supertonic.SupertonicProvider;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestSummary;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.voice.VoiceAliases;
import dev.hlas.voice.VoiceRegistry;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.VoiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: builds every stage from one {@link HlasConfig} and wires them through constructors.
 * Nothing else in the code base creates engines, registries or servers.
 */
public final class Hlas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hlas.class);
    private final HlasConfig config;
    private final List<SpeechEngine> engines;
    private final SpeechService speech;
    private final Metrics metrics;
    /** Off while {@link #warmUp} runs, so warm-up synthesis does not show in the metrics. */
    private final AtomicBoolean metering;
    private final VoiceStore store;
    private final Catalog catalog;
    private SpeechCache cache;
    private HttpServer server;

    private Hlas(HlasConfig config, List<SpeechEngine> engines, SpeechService speech, Metrics metrics,
                 AtomicBoolean metering, VoiceStore store, Catalog catalog) {
        this.config = config;
        this.engines = engines;
        this.speech = speech;
        this.metrics = metrics;
        this.metering = metering;
        this.store = store;
        this.catalog = catalog;
    }

    /** Installed voices under {@code HLAS_HOME/voices}. */
    public VoiceStore store() {
        return store;
    }

    /** Voices that can be downloaded. */
    public Catalog catalog() {
        return catalog;
    }

    /** Loads and warms up the configured per-language default voices that are installed, whatever their engine. */
    private void preloadDefaultVoices() {
        for (SpeechEngine engine : engines) engine.preload(config.voices().languageDefaults().values());
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
     * Builds the pipeline with additional engines ahead of the built-in ones (embedding applications, tests).
     */
    public static Hlas create(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines) {
        EspeakNative espeak = EspeakNative.load(config.espeakLibrary(), config.espeakData());
        VoiceStore store = new VoiceStore(config.home());
        Catalog catalog = Catalog.builtIn();
        List<SpeechEngine> engines = new ArrayList<>(extraEngines);
        for (Slice<?> slice : slices(config.engines(), espeak)) engines.add(slice.open(store));
        VoiceAliases aliases = VoiceAliases.openAiDefaults()
                .withLanguageDefaults(config.voices().languageDefaults());
        VoiceRegistry registry = new VoiceRegistry(engines, aliases, catalog::installableAs);
        ServingConfig serving = config.serving();
        Metrics metrics = new Metrics(new RequestSummary(200));
        EngineScheduler scheduler = new EngineScheduler(serving.workers(), serving.queueLimit(),
                serving.requestTimeout());
        metrics.watch(scheduler);
        AtomicBoolean metering = new AtomicBoolean(true);
        SpeechService speech = new SpeechService(new FrontEndTextAnalyzer(), registry, scheduler,
                both(gated(metrics, metering), listener));
        return new Hlas(config, List.copyOf(engines), speech, metrics, metering, store, catalog);
    }

    /** A provider with its slice of the configuration. */
    private record Slice<S>(EngineProvider<S> provider, S settings) {
        SpeechEngine open(InstalledModels models) {
            return provider.open(settings, models);
        }
    }

    /**
     * The built-in engines, in lookup order. Opening one loads nothing: models load on first use or through
     * {@link SpeechEngine#preload}, so a command pays only for the engines it speaks with.
     */
    private static List<Slice<?>> slices(EnginesConfig engines, EspeakNative espeak) {
        return List.of(new Slice<>(new PiperProvider(espeak), engines.piper()),
                new Slice<>(new SupertonicProvider(), engines.supertonic()),
                new Slice<>(new EspeakProvider(espeak), null),
                new Slice<>(new KokoroProvider(espeak), engines.kokoro()));
    }

    /** {@code listener}, hearing events only while {@code open} is true. */
    private static SynthesisListener gated(SynthesisListener listener, AtomicBoolean open) {
        return new SynthesisListener() {
            @Override
            public void streamStarted(SpeechPlan plan) {
                if (open.get()) listener.streamStarted(plan);
            }

            @Override
            public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos,
                                            double audioSeconds) {
                if (open.get()) listener.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
            }

            @Override
            public void queueWaited(String engine, long waitNanos) {
                if (open.get()) listener.queueWaited(engine, waitNanos);
            }

            @Override
            public void streamEnded(SpeechPlan plan, boolean completed) {
                if (open.get()) listener.streamEnded(plan, completed);
            }
        };
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

    /** Builds everything with additional engines and starts the HTTP server. */
    public static Hlas serve(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines) {
        Hlas hlas = create(config, listener, extraEngines);
        try {
            hlas.preloadDefaultVoices();
            hlas.warmUp();
            ServingConfig serving = config.serving();
            hlas.cache = new SpeechCache(serving.cacheEnabled(), serving.cacheMemoryBytes(),
                    config.home().resolve("cache").resolve("speech"), serving.cacheDiskBytes(),
                    serving.cacheMaxEntryBytes());
            hlas.metrics.watch(hlas.cache);
            hlas.server = HttpServer.start(config, hlas.speech, hlas.metrics, hlas.cache);
            // Warm-up requests are kept out of the metrics, the cache and the client limits (see HttpServer.warmUp);
            // synthesis events of a real request arriving in these few milliseconds are not metered either.
            hlas.unmetered(hlas.server::warmUp);
            return hlas;
        } catch (RuntimeException e) {
            hlas.close();
            throw e;
        }
    }

    /**
     * Runs a few short requests through the pipeline before accepting traffic, so the first client does not pay
     * for class loading, JIT and espeak-ng loading its dictionaries (the first request was ~1.4 s, warm ones ~0.1 s).
     */
    void warmUp() {
        unmetered(this::warmUpPipeline);
    }

    /** Runs {@code work} with synthesis kept out of the metrics, until its streams have ended. */
    private void unmetered(Runnable work) {
        metering.set(false);
        try {
            work.run();
            long end = System.nanoTime() + 2_000_000_000L;
            while (speech.scheduler().activeStreams() > 0 && System.nanoTime() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        } finally {
            metering.set(true);
        }
    }

    private void warmUpPipeline() {
        List<SpeechRequest> requests = List.of(
                SpeechRequest.of("Dobrý den, jak se máte?", config.defaultVoice(), AudioFormat.PCM),
                SpeechRequest.of("Hello, how are you today?", config.defaultVoice(), AudioFormat.PCM));
        for (int round = 0; round < 3; round++) {
            for (SpeechRequest request : requests) {
                try (SpeechStream stream = speech.open(speech.plan(request))) {
                    while (stream.next() != null) {
                        // discard
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("warm-up request failed: {}", e.getMessage());
                }
            }
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
