package dev.hlas.engine.supertonic;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.ModelBroken;
import dev.hlas.engine.onnx.OnnxSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Supertonic voices from one installed model directory, {@code <HLAS_HOME>/voices/supertonic-3/}, laid out like the
 * Hugging Face repository. Each {@code voice_styles/<style>.json} is a voice {@code supertonic-3:<style>}
 * ({@code supertonic-3:F1} … {@code supertonic-3:M5}) that speaks all 31 languages of the model.
 *
 * <p>The directory is looked at on every listing, so a model installed while the server runs appears without a
 * restart. The four ONNX sessions (≈400 MB) are loaded once, on the first synthesis, and shared by every style.
 */
public final class SupertonicEngine implements SpeechEngine {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SupertonicEngine.class);
    public static final String ID = "supertonic";
    /** The model this engine serves by default, and the directory name under {@code voices/}. */
    public static final String MODEL_ID = "supertonic-3";
    public static final String LICENCE = "OpenRAIL-M";
    /** Files that must be present for the model to count as installed. */
    public static final List<String> REQUIRED_FILES = List.of("onnx/duration_predictor.onnx", "onnx/text_encoder.onnx",
            "onnx/vector_estimator.onnx", "onnx/vocoder.onnx", "onnx/tts.json", "onnx/unicode_indexer.json");

    private final String modelId;
    private final Path dir;
    private final OnnxSettings settings;
    private final int parallelism;
    private final SupertonicOptions options;
    private final Map<String, VoiceStyle> styles = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();
    private volatile SupertonicModel model;
    private volatile Integer sampleRate;
    private volatile boolean closed;

    /**
     * @param modelId     voice id prefix and directory name ({@code supertonic-3})
     * @param dir         the model directory
     * @param settings    ONNX Runtime settings for the four sessions
     * @param parallelism utterances synthesized at once (each uses {@code settings.intraOpThreads()} threads)
     * @param options     defaults for steps, pace, chunking and pauses
     */
    public SupertonicEngine(String modelId, Path dir, OnnxSettings settings, int parallelism,
                            SupertonicOptions options) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1");
        this.modelId = modelId;
        this.dir = dir;
        this.settings = settings;
        this.parallelism = parallelism;
        this.options = options;
    }

    /**
     * The engine for {@code <home>/voices/supertonic-3}, sized for this machine: one utterance per two cores, each
     * run on up to two threads (on a 2-core box: one utterance at a time, as fast as the box allows).
     */
    public static SupertonicEngine forHome(Path home) {
        int cores = Runtime.getRuntime().availableProcessors();
        OnnxSettings settings = OnnxSettings.defaults().withIntraOpThreads(Math.max(1, Math.min(2, cores)));
        return new SupertonicEngine(MODEL_ID, home.resolve("voices").resolve(MODEL_ID), settings,
                Math.max(1, cores / 2), SupertonicOptions.defaults());
    }

    @Override
    public String id() {
        return ID;
    }

    /** The model directory. */
    public Path directory() {
        return dir;
    }

    /** Whether every required model file is present. */
    public boolean installed() {
        return REQUIRED_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /**
     * The installed styles. A broken installation (unreadable {@code tts.json}) lists nothing and is logged, so it
     * cannot break the voice list or alias routing for every other voice.
     */
    @Override
    public List<VoiceInfo> voices() {
        if (!installed()) return List.of();
        try {
            List<VoiceInfo> out = new ArrayList<>();
            for (String style : styleNames()) out.add(info(style));
            return out;
        } catch (ModelBroken | UncheckedIOException e) {
            log.warn("Supertonic model in {} is unusable: {}", dir, e.getMessage());
            return List.of();
        }
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        String prefix = modelId + ":";
        if (!voiceId.startsWith(prefix) || !installed()) return Optional.empty();
        String style = voiceId.substring(prefix.length());
        if (!style.matches("[A-Za-z0-9_-]{1,40}")) return Optional.empty();
        Path file = dir.resolve("voice_styles").resolve(style + ".json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            VoiceStyle loaded = styles.computeIfAbsent(style, s -> VoiceStyle.load(file));
            List<Path> files = new java.util.ArrayList<>();
            REQUIRED_FILES.forEach(f -> files.add(dir.resolve(f)));
            files.add(file);
            return Optional.of(new SupertonicVoice(info(style), loaded, this::model, options,
                    dev.hlas.engine.ModelFiles.version(files.toArray(Path[]::new))));
        } catch (ModelBroken e) {
            log.warn("Supertonic voice {} is unusable: {}", voiceId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    /** The loaded model, loading it on first use. */
    SupertonicModel model() {
        SupertonicModel m = model;
        if (m != null) return m;
        synchronized (loadLock) {
            if (closed) throw new IllegalStateException("engine closed");
            if (model == null) model = SupertonicModel.load(dir.resolve("onnx"), settings);
            return model;
        }
    }

    /** Loads the model now (e.g. at server start), so the first request does not wait for it. */
    public void preload() {
        if (installed()) model();
    }

    /**
     * Starts {@link #preload} on a background daemon thread; a failure is logged and left for the first request to
     * report. The thread has a large stack: ONNX Runtime 1.29 was seen to crash (SIGSEGV) creating its environment on
     * a default-sized launcher thread here (see BENCHMARKS.md), so the environment is best created on this one.
     */
    public void preloadInBackground() {
        if (!installed()) return;
        Thread.ofPlatform().daemon().name("hlas-supertonic-load").stackSize(16L << 20).start(() -> {
            try {
                preload();
            } catch (RuntimeException e) {
                log.warn("Supertonic model in {} could not be loaded: {}", dir, e.getMessage());
            }
        });
    }

    private VoiceInfo info(String style) {
        Gender gender = style.startsWith("F") ? Gender.FEMALE : style.startsWith("M") ? Gender.MALE : Gender.UNKNOWN;
        return new VoiceInfo(modelId + ":" + style, "Supertonic 3 " + style, ID, SupertonicText.LANGUAGES,
                sampleRate(), gender, LICENCE);
    }

    /** The model's rate from {@code tts.json}, read once without loading the graphs. */
    private int sampleRate() {
        Integer rate = sampleRate;
        if (rate == null) {
            rate = SupertonicConfig.load(dir.resolve("onnx").resolve("tts.json")).sampleRate();
            sampleRate = rate;
        }
        return rate;
    }

    private List<String> styleNames() {
        Path styleDir = dir.resolve("voice_styles");
        if (!Files.isDirectory(styleDir)) return List.of();
        try (Stream<Path> files = Files.list(styleDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + styleDir, e);
        }
    }

    @Override
    public void close() {
        synchronized (loadLock) {
            closed = true;
            if (model != null) model.close();
            model = null;
        }
    }
}
