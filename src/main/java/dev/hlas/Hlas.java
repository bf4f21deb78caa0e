package dev.hlas;

import dev.hlas.api.HttpServer;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Encoders;
import dev.hlas.cache.RedisTier;
import dev.hlas.cache.SpeechCache;
import dev.hlas.config.EnginesConfig;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.config.SharedCacheConfig;
import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.TranscriptionRelay;
import dev.hlas.engine.remote.RemoteEngine;
import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.espeak.EspeakProvider;
import dev.hlas.engine.kokoro.KokoroProvider;
import dev.hlas.engine.piper.PiperProvider;
import dev.hlas.engine.remote.RemoteProvider;
import dev.hlas.engine.supertonic.SupertonicProvider;
import dev.hlas.error.HlasException;
import dev.hlas.jobs.JobService;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.UsageLedger;
import dev.hlas.ops.RequestSummary;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.stt.TranscriptionService;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.text.LexiconStore;
import dev.hlas.voice.VoiceAliases;
import dev.hlas.voice.VoiceRegistry;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.VoiceStore;
import dev.hlas.wyoming.WyomingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    private final VoiceStore store;
    private final Catalog catalog;
    private final SpeechCache cache;
    private final ResponsePipeline responses;
    private final TranscriptionService transcriptions;
    private HttpServer server;
    private WyomingServer wyoming;
    private UsageLedger usage;
    private JobService jobs;

    private Hlas(HlasConfig config, List<SpeechEngine> engines, SpeechService speech, Metrics metrics,
                 VoiceStore store, Catalog catalog, SpeechCache cache) {
        this.config = config;
        this.engines = engines;
        this.speech = speech;
        this.metrics = metrics;
        this.store = store;
        this.catalog = catalog;
        this.cache = cache;
        this.responses = new ResponsePipeline(speech, cache);
        this.transcriptions = new TranscriptionService(
                List.of(new WhisperRecognizer(store, config.stt().threads())), config.stt(),
                config.serving().queueLimit());
    }

    /** Speech to text: the recognizers, their pool and limits. */
    public TranscriptionService transcriptions() {
        return transcriptions;
    }

    /** Speech to text that upstreams answer (the gateway's {@code stt:} models), or none. */
    private TranscriptionRelay relay() {
        for (SpeechEngine engine : engines) {
            if (engine instanceof RemoteEngine remote) return remote.transcriptions();
        }
        return TranscriptionRelay.NONE;
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
        List<String> defaults = config.voices().languageDefaults().values().stream()
                .flatMap(v -> Arrays.stream(v.split("\\|"))).map(String::strip).toList(); // "a|b": either may be used
        for (SpeechEngine engine : engines) engine.preload(defaults);
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
        return create(config, listener, extraEngines, Catalog.builtIn());
    }

    /**
     * Builds the pipeline with additional engines and the given catalog of downloadable voices instead of the
     * built-in one (tests that pull voices from a local hub).
     */
    public static Hlas create(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines,
                              Catalog catalog) {
        EspeakNative espeak = EspeakNative.load(config.espeakLibrary(), config.espeakData());
        VoiceStore store = new VoiceStore(config.home());
        List<SpeechEngine> engines = new ArrayList<>(extraEngines);
        for (Slice<?> slice : slices(config.engines(), espeak)) engines.add(slice.open(store));
        VoiceAliases aliases = VoiceAliases.openAiDefaults()
                .withLanguageDefaults(config.voices().languageDefaults());
        VoiceRegistry registry = new VoiceRegistry(engines, aliases, catalog::installableAs);
        ServingConfig serving = config.serving();
        Metrics metrics = new Metrics(new RequestSummary(config.console().recentRequests()));
        EngineScheduler scheduler = new EngineScheduler(serving.workers(), serving.queueLimit(),
                serving.requestTimeout());
        metrics.watch(scheduler);
        metrics.watchBackends(engines);
        FrontEndTextAnalyzer text = new FrontEndTextAnalyzer(FrontEndTextAnalyzer.DEFAULT_MAX_SENTENCE_CHARS,
                config.voices().defaultLanguage());
        LexiconStore lexicons = new LexiconStore(config.home().resolve("lexicons"));
        SpeechService speech = new SpeechService(text, registry, scheduler, SynthesisListener.both(metrics, listener),
                lexicons, serving.defaultLexicons(),
                config.engines().firstClause() ? FirstChunk.CLAUSE : FirstChunk.SENTENCE);
        SpeechCache cache = new SpeechCache(serving.cacheEnabled(), memoryTierBytes(serving.cacheMemoryBytes()),
                config.home().resolve("cache").resolve("speech"), serving.cacheDiskBytes(),
                serving.cacheMaxEntryBytes(), sharedTier(serving));
        metrics.watch(cache);
        return new Hlas(config, List.copyOf(engines), speech, metrics, store, catalog, cache);
    }

    /**
     * The memory tier lives in the Java heap: capped at a third of the largest heap this JVM may have, so a large
     * {@code --cache-memory-mb} in a small container slows nothing down to an out-of-memory error. Said once.
     */
    static long memoryTierBytes(long asked) {
        long cap = Runtime.getRuntime().maxMemory() / 3;
        if (asked <= cap) return asked;
        log.warn("the memory cache tier is capped at {} MB (a third of the {} MB heap), not the {} MB asked; give the JVM"
                + " more memory (container limit, -Xmx) to keep more", cap >> 20, Runtime.getRuntime().maxMemory() >> 20,
                asked >> 20);
        return cap;
    }

    /** The Redis tier when one is configured and the cache is on; connecting is lazy, so Redis may be down now. */
    private static RedisTier sharedTier(ServingConfig serving) {
        SharedCacheConfig shared = serving.sharedCache();
        if (!serving.cacheEnabled() || !shared.enabled()) return null;
        return new RedisTier(new RedisTier.Settings(shared.url(), shared.timeout(), shared.ttl(),
                shared.maxEntryBytes(), shared.retryAfter()));
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
                new Slice<>(new KokoroProvider(espeak), engines.kokoro()),
                new Slice<>(new RemoteProvider(), engines.remote()));
    }

    /** Builds everything, warms it up and starts the HTTP server. */
    public static Hlas serve(HlasConfig config) {
        return serve(config, SynthesisListener.NONE);
    }

    public static Hlas serve(HlasConfig config, SynthesisListener listener) {
        return serve(config, listener, List.of());
    }

    /**
     * Builds everything with additional engines, warms up the default voices, the encoders and the HTTP path, and
     * only then binds the port: the first client never pays for loading, and no request needs to know about warm-up.
     */
    public static Hlas serve(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines) {
        return serve(config, listener, extraEngines, Catalog.builtIn());
    }

    /** Like {@link #serve(HlasConfig, SynthesisListener, List)}, with the given catalog of downloadable voices. */
    public static Hlas serve(HlasConfig config, SynthesisListener listener, List<SpeechEngine> extraEngines,
                             Catalog catalog) {
        Hlas hlas = create(config, listener, extraEngines, catalog);
        try {
            hlas.preloadDefaultVoices();
            hlas.warmUp();
            hlas.metrics.bindProcessMetrics();
            hlas.usage = new UsageLedger(config.home().resolve("usage"));
            hlas.metrics.watch(hlas.usage);
            hlas.jobs = new JobService(hlas.responses, config.jobs(), config.home().resolve("jobs"), hlas.usage);
            hlas.server = HttpServer.start(config, hlas.responses, hlas.metrics, hlas.store, hlas.catalog,
                    hlas.jobs, hlas.usage, hlas.transcriptions, hlas.relay());
            if (config.wyoming().enabled()) hlas.wyoming = WyomingServer.start(config, hlas.responses, hlas.metrics);
            return hlas;
        } catch (RuntimeException e) {
            hlas.close();
            throw e;
        }
    }

    /**
     * Runs a few short requests through a pipeline that shares the engines and workers but reports to no listener
     * and has no cache, so warm-up is neither metered nor cached: the default voice in Czech and English (class
     * loading, JIT, espeak-ng's dictionaries: the first request took ~1.4 s, warm ones ~0.1 s), the FFmpeg encoders
     * (loaded on their own thread meanwhile, about a second), and the HTTP path on a private loopback server.
     */
    void warmUp() {
        Thread encoders = Thread.ofPlatform().daemon().name("hlas-encoder-warmup").start(() -> {
            try {
                Encoders.warmUp();
            } catch (RuntimeException | LinkageError e) {
                log.error("FFmpeg encoders failed to load; only wav and pcm responses will work", e);
            }
        });
        ResponsePipeline quiet = new ResponsePipeline(speech.withListener(SynthesisListener.NONE),
                SpeechCache.disabled());
        List<SpeechRequest> requests = List.of(
                SpeechRequest.of("Dobrý den, jak se máte?", config.defaultVoice(), AudioFormat.PCM),
                SpeechRequest.of("Hello, how are you today?", config.defaultVoice(), AudioFormat.PCM));
        try {
            for (int round = 0; round < 3; round++) {
                for (SpeechRequest request : requests) drain(quiet, request);
            }
            encoders.join();
            HttpServer.warmUp(config, quiet, config.defaultVoice(), List.of("pcm", "mp3", "pcm"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(ResponsePipeline pipeline, SpeechRequest request) throws InterruptedException {
        try (SpeechResponse response = pipeline.open(request, ResponseOptions.defaults())) {
            while (response.next() != null) {
                // discard
            }
        } catch (HlasException e) {
            log.warn("warm-up request failed: {}", e.getMessage());
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

    /** The response cache (memory and disk; also used by {@code hlas say}). */
    public SpeechCache cache() {
        return cache;
    }

    /** The response pipeline every transport frames. */
    public ResponsePipeline responses() {
        return responses;
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

    /** The Wyoming server, when serving with {@code --wyoming-port}. */
    public WyomingServer wyoming() {
        if (wyoming == null) throw new IllegalStateException("no Wyoming server");
        return wyoming;
    }

    /** The long-form job service, when serving. */
    public JobService jobs() {
        if (jobs == null) throw new IllegalStateException("not serving");
        return jobs;
    }

    /** Usage per account, when serving. */
    public UsageLedger usage() {
        if (usage == null) throw new IllegalStateException("not serving");
        return usage;
    }

    @Override
    public void close() {
        if (wyoming != null) wyoming.close();
        if (jobs != null) jobs.close(); // first: its event streams end, and no sentence starts after this
        if (server != null) server.close();
        if (usage != null) usage.close();
        speech.close();
        transcriptions.close();
        cache.close();
        metrics.close();
        engines.forEach(SpeechEngine::close);
    }
}
