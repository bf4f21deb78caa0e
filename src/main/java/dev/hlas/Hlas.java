package dev.hlas;

import dev.hlas.api.HttpServer;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.piper.PiperEngine;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.VoiceStore;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.espeak.EspeakEngine;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.kokoro.KokoroEngine;
import dev.hlas.engine.kokoro.KokoroInstall;
import dev.hlas.engine.kokoro.KokoroOptions;
import dev.hlas.engine.onnx.OnnxModelException;
import dev.hlas.engine.supertonic.SupertonicEngine;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.voice.VoiceAliases;
import dev.hlas.voice.VoiceRegistry;

import dev.hlas.audio.AudioFormat;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: builds every stage from one {@link HlasConfig} and wires them through constructors.
 * Nothing else in the code base creates engines, registries or servers.
 */
public final class Hlas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hlas.class);
    private final HlasConfig config;
    private final List<SpeechEngine> engines;
    private final SpeechService speech;
    private HttpServer server;

    private final VoiceStore store;
    private final Catalog catalog;

    private Hlas(HlasConfig config, List<SpeechEngine> engines, SpeechService speech, VoiceStore store,
                 Catalog catalog) {
        this.config = config;
        this.engines = engines;
        this.speech = speech;
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

    /** Loads and warms up the configured per-language default voices that are installed. */
    private void preloadDefaultVoices() {
        for (SpeechEngine engine : engines) {
            if (engine instanceof PiperEngine piper) piper.preload(config.voices().languageDefaults().values());
        }
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
        VoiceConfig voices = config.voices();
        OnnxSettings onnx = OnnxSettings.defaults().withIntraOpThreads(voices.onnxThreads())
                .withSpinning(voices.onnxSpinning());
        List<SpeechEngine> engines = new ArrayList<>(extraEngines);
        engines.add(new PiperEngine(store, espeak, new PiperSettings(onnx, voices.sentenceSilence(), true)));
        SupertonicEngine supertonic = SupertonicEngine.forHome(config.home());
        supertonic.preloadInBackground(); // ≈400 MB of graphs: load before the first request needs them
        engines.add(supertonic);
        engines.add(new EspeakEngine(espeak));
        openKokoro(config, espeak).ifPresent(engines::add);
        VoiceAliases aliases = VoiceAliases.openAiDefaults().withLanguageDefaults(voices.languageDefaults());
        VoiceRegistry registry = new VoiceRegistry(engines, aliases, id -> catalog.find(id).isPresent());
        SpeechService speech = new SpeechService(new FrontEndTextAnalyzer(), registry, new EngineScheduler(), listener);
        return new Hlas(config, List.copyOf(engines), speech, store, catalog);
    }

    /**
     * Kokoro, when installed under {@code HLAS_HOME/voices/kokoro}. A broken install is logged and skipped: the
     * server still starts and speaks with the other engines.
     */
    private static Optional<SpeechEngine> openKokoro(HlasConfig config, EspeakNative espeak) {
        Path dir = KokoroInstall.directoryIn(config.home());
        try {
            return KokoroEngine.open(dir, espeak, KokoroOptions.defaults()).map(SpeechEngine.class::cast);
        } catch (OnnxModelException e) {
            log.error("Kokoro is not available: {}", e.getMessage());
            return Optional.empty();
        }
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
            hlas.server = HttpServer.start(config, hlas.speech);
            hlas.server.warmUp();
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

    /** Port the HTTP server listens on. */
    public int port() {
        if (server == null) throw new IllegalStateException("not serving");
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) server.close();
        speech.close();
        engines.forEach(SpeechEngine::close);
    }
}
