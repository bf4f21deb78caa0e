package dev.hlas.engine.supertonic;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.InstallWatch;
import dev.hlas.engine.InstalledModel;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.ModelFiles;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.onnx.LazyModel;
import dev.hlas.error.HlasException;
import dev.hlas.error.ModelBroken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Supertonic voices from the installed Supertonic models (see docs/ENGINES.md, "Supertonic"), each laid out like the
 * Hugging Face repository. Each {@code voice_styles/<style>.json} of model {@code supertonic-3} is a voice
 * {@code supertonic-3:<style>} ({@code supertonic-3:F1} … {@code supertonic-3:M5}) that speaks all 31 languages of
 * the model.
 *
 * <p>The installs are re-read whenever the store changes, so a model installed while the server runs appears without
 * a restart and a reinstall is reloaded. The four ONNX sessions (≈400 MB) are loaded on the first synthesis (or by
 * {@link #preload}) and shared by every style; listing voices reads only {@code tts.json} and the style names.
 */
public final class SupertonicEngine implements SpeechEngine {
    private static final Logger log = LoggerFactory.getLogger(SupertonicEngine.class);
    public static final String ID = "supertonic";
    /** The model the built-in catalog installs. */
    public static final String MODEL_ID = "supertonic-3";
    public static final String LICENCE = "OpenRAIL-M";
    /** Files that must be present for a model to count as installed. */
    public static final List<String> REQUIRED_FILES = List.of("onnx/duration_predictor.onnx", "onnx/text_encoder.onnx",
            "onnx/vector_estimator.onnx", "onnx/vocoder.onnx", "onnx/tts.json", "onnx/unicode_indexer.json");

    private final InstallWatch watch;
    private final SupertonicSettings settings;
    private final Map<String, Install> installs = new ConcurrentHashMap<>();
    /** Installs replaced by a reinstall or removed; closed with the engine, since a worker may still use them. */
    private final List<Install> retired = new CopyOnWriteArrayList<>();
    /** The install list {@link #installs} was built from. */
    private volatile List<InstalledModel> synced;

    public SupertonicEngine(InstalledModels models, SupertonicSettings settings) {
        this.watch = new InstallWatch(models, ID);
        this.settings = settings;
    }

    /** The Supertonic model in one directory, without a store (embedding, benchmarks, tests). */
    public static SupertonicEngine inDirectory(String modelId, Path dir, SupertonicSettings settings) {
        InstalledModel model = new InstalledModel(modelId, ID, dir, LICENCE, Instant.EPOCH, List.of());
        return new SupertonicEngine(InstalledModels.fixed(List.of(model)), settings);
    }

    /** One installed model: its directory, and its graphs once loaded. */
    private final class Install {
        final InstalledModel installed;
        final LazyModel<SupertonicModel> model;
        final Map<String, VoiceStyle> styles = new ConcurrentHashMap<>();
        volatile Integer sampleRate;

        Install(InstalledModel installed) {
            this.installed = installed;
            this.model = new LazyModel<>("the Supertonic model in " + installed.dir(), this::load);
        }

        Path dir() {
            return installed.dir();
        }

        boolean complete() {
            return REQUIRED_FILES.stream().allMatch(f -> Files.isRegularFile(dir().resolve(f)));
        }

        private SupertonicModel load() {
            long start = System.nanoTime();
            SupertonicModel m = SupertonicModel.load(dir().resolve("onnx"), settings.onnx());
            log.info("Supertonic model {} loaded in {} ms", installed.id(), (System.nanoTime() - start) / 1_000_000);
            return m;
        }

        /** The model's rate from {@code tts.json}, read once without loading the graphs. */
        int sampleRate() {
            Integer rate = sampleRate;
            if (rate == null) {
                rate = SupertonicTtsJson.load(dir().resolve("onnx").resolve("tts.json")).sampleRate();
                sampleRate = rate;
            }
            return rate;
        }

        List<String> styleNames() {
            Path styleDir = dir().resolve("voice_styles");
            if (!Files.isDirectory(styleDir)) return List.of();
            try (Stream<Path> files = Files.list(styleDir)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + styleDir, e);
            }
        }

        VoiceInfo info(String style) {
            Gender gender = style.startsWith("F") ? Gender.FEMALE : style.startsWith("M") ? Gender.MALE
                    : Gender.UNKNOWN;
            String name = installed.id().equals(MODEL_ID) ? "Supertonic 3 " + style : installed.id() + " " + style;
            return new VoiceInfo(installed.id() + ":" + style, name, ID, SupertonicText.LANGUAGES, sampleRate(),
                    gender, LICENCE);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** The installs by id, rebuilt when they changed; an install that did not change keeps its loaded graphs. */
    private Map<String, Install> installs() {
        List<InstalledModel> now = watch.installs();
        if (now == synced) return installs;
        synchronized (this) {
            if (now == synced) return installs;
            Map<String, InstalledModel> byId = new LinkedHashMap<>();
            for (InstalledModel m : now) byId.put(m.id(), m);
            for (Install old : List.copyOf(installs.values())) {
                if (!old.installed.equals(byId.get(old.installed.id()))) {
                    installs.remove(old.installed.id());
                    retired.add(old);
                }
            }
            byId.forEach((id, m) -> installs.computeIfAbsent(id, x -> new Install(m)));
            synced = now;
            return installs;
        }
    }

    /**
     * The installed styles. A broken installation (unreadable {@code tts.json}) lists nothing and is logged, so it
     * cannot break the voice list or alias routing for every other voice.
     */
    @Override
    public List<VoiceInfo> voices() {
        List<VoiceInfo> out = new ArrayList<>();
        for (Install install : installs().values()) {
            if (!install.complete()) continue;
            try {
                for (String style : install.styleNames()) out.add(install.info(style));
            } catch (ModelBroken | UncheckedIOException e) {
                log.warn("Supertonic model in {} is unusable: {}", install.dir(), e.getMessage());
            }
        }
        return out;
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        int colon = voiceId.indexOf(':');
        if (colon <= 0) return Optional.empty();
        String modelId = voiceId.substring(0, colon);
        Install install = installs().get(modelId);
        if (install == null || !install.complete()) return Optional.empty();
        String style = voiceId.substring(colon + 1);
        if (!style.matches("[A-Za-z0-9_-]{1,40}")) return Optional.empty();
        Path file = install.dir().resolve("voice_styles").resolve(style + ".json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            VoiceStyle loaded = install.styles.computeIfAbsent(style, s -> VoiceStyle.load(file));
            List<Path> files = new ArrayList<>();
            for (String f : REQUIRED_FILES) files.add(install.dir().resolve(f));
            files.add(file);
            return Optional.of(new SupertonicVoice(install.info(style), loaded, install.model::get, settings,
                    ModelFiles.version(files.toArray(Path[]::new))));
        } catch (ModelBroken e) {
            log.warn("Supertonic voice {} is unusable: {}", voiceId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    /** Loads the graphs of the models that {@code voiceIds} name (e.g. a default voice at server start). */
    @Override
    public List<String> preload(Collection<String> voiceIds) {
        List<String> ok = new ArrayList<>();
        for (String id : voiceIds) {
            int colon = id.indexOf(':');
            Install install = colon > 0 ? installs().get(id.substring(0, colon)) : null;
            if (install == null || !install.complete()) continue;
            try {
                install.model.get();
                ok.add(id);
            } catch (HlasException e) {
                log.error("{}", e.getMessage());
            }
        }
        return ok;
    }

    /** The graphs of model {@code modelId}, loading them if needed (the chunking test measures with its indexer). */
    SupertonicModel model(String modelId) {
        Install install = installs().get(modelId);
        if (install == null) throw new IllegalStateException("no Supertonic model " + modelId + " installed");
        return install.model.get();
    }

    /** Closes loaded graphs without waiting for a load in progress (that load closes its own result). */
    @Override
    public void close() {
        installs.values().forEach(i -> i.model.close());
        retired.forEach(i -> i.model.close());
        retired.clear();
    }
}
