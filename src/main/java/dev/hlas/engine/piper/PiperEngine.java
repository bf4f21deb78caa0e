package dev.hlas.engine.piper;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.InstallWatch;
import dev.hlas.engine.InstalledModel;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.error.HlasException;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.VoiceUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Piper voices among the installed models (see docs/ENGINES.md, "Piper"). A voice is loaded (ONNX session created,
 * warmed up) the first time it is asked for, or at start via {@link #preload}, and then kept: the store is re-read on every listing, so a voice
 * pulled while the server runs becomes available without a restart.
 *
 * <p>Voice ids are the store ids ({@code cs_CZ-jirka-medium}); a speaker of a multi-speaker voice is
 * {@code <id>:<speaker name or number>} ({@code en_US-libritts_r-medium:p123}).
 *
 * <p>A voice whose model is corrupt or truncated is refused when it is loaded, with a message naming the command
 * that reinstalls it; the server keeps running with the other voices.
 */
public final class PiperEngine implements SpeechEngine {
    public static final String ID = "piper";
    private static final Logger log = LoggerFactory.getLogger(PiperEngine.class);
    /** Perceived gender of the catalog's voices (their configs do not say). */
    private static final Map<String, Gender> KNOWN_GENDERS = Map.of("jirka", Gender.MALE, "lessac", Gender.FEMALE,
            "amy", Gender.FEMALE, "ryan", Gender.MALE, "alba", Gender.FEMALE, "northern_english_male", Gender.MALE,
            "lili", Gender.FEMALE, "thorsten", Gender.MALE, "libritts_r", Gender.NEUTRAL);

    private final InstallWatch watch;
    private final EspeakNative espeak;
    private final PiperSettings settings;
    private final Map<String, PiperVoice> loaded = new ConcurrentHashMap<>();
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Voices replaced by a reinstall; closed with the engine, since a worker may still be running them. */
    private final List<PiperVoice> retired = new CopyOnWriteArrayList<>();
    private final Object syncLock = new Object();
    /** The install list {@link #known} was built from, and the voices built from it. */
    private volatile List<InstalledModel> synced;
    private volatile List<Known> knownList = List.of();

    public PiperEngine(InstalledModels store, EspeakNative espeak, PiperSettings settings) {
        this.watch = new InstallWatch(store, ID);
        this.espeak = espeak;
        this.settings = settings;
    }

    /** An installed voice with its config read (cheap; no model loaded). */
    private record Known(InstalledModel installed, PiperOnnxJson config, VoiceInfo info) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<VoiceInfo> voices() {
        return sync().stream().map(Known::info).toList();
    }

    @Override
    public List<String> speakers(String voiceId) {
        Known k = find(voiceId);
        if (k == null || !k.config().multiSpeaker()) return List.of();
        List<String> names = new ArrayList<>(k.config().speakerIdMap().keySet());
        if (names.isEmpty()) for (int i = 0; i < k.config().numSpeakers(); i++) names.add(Integer.toString(i));
        return names;
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        int colon = voiceId.indexOf(':');
        String base = colon < 0 ? voiceId : voiceId.substring(0, colon);
        Known k = find(base);
        if (k == null) return Optional.empty();
        PiperVoice voice = load(k);
        if (colon < 0) return Optional.of(voice);
        String speaker = voiceId.substring(colon + 1);
        Integer sid = k.config().multiSpeaker() ? PiperVoice.resolveSpeaker(k.config(), speaker) : null;
        if (sid == null) return Optional.empty();
        VoiceInfo info = new VoiceInfo(voiceId, k.info().name() + ", speaker " + speaker, ID, k.info().languages(),
                k.info().sampleRate(), k.info().gender(), k.info().licence());
        return Optional.of(voice.forSpeaker(info, sid));
    }

    /** Piper voices whose id's speaker part is {@code shortName} ({@code jirka} → {@code cs_CZ-jirka-medium}). */
    @Override
    public List<VoiceInfo> voicesCalled(String shortName) {
        return sync().stream().map(Known::info)
                .filter(v -> v.id().split("-").length >= 3 && v.id().split("-")[1].equals(shortName))
                .sorted(Comparator.comparing(VoiceInfo::id)).toList();
    }

    /** Loads and warms up the given voices now (the per-language defaults, at server start). */
    @Override
    public List<String> preload(Collection<String> voiceIds) {
        List<String> ok = new ArrayList<>();
        for (String id : voiceIds) {
            Known k = find(id);
            if (k == null) continue;
            try {
                long start = System.nanoTime();
                load(k);
                log.info("Piper voice {} loaded in {} ms", id, (System.nanoTime() - start) / 1_000_000);
                ok.add(id);
            } catch (HlasException e) {
                log.error("{}", e.getMessage());
            }
        }
        return ok;
    }

    private Known find(String id) {
        sync();
        return known.get(id);
    }

    /**
     * The installed voices with their configs read, rebuilt when the installs changed: a voice installed again (a new
     * install time) is read afresh and its loaded model retired; voices that did not change keep their model.
     */
    private List<Known> sync() {
        List<InstalledModel> installs = watch.installs();
        if (installs == synced) return knownList;
        synchronized (syncLock) {
            if (installs == synced) return knownList;
            List<Known> out = new ArrayList<>();
            for (InstalledModel v : installs) {
                Known k = known.get(v.id());
                if (k == null || !k.installed().installedAt().equals(v.installedAt())) {
                    k = read(v);
                    if (k == null) continue;
                    known.put(v.id(), k);
                    PiperVoice stale = loaded.remove(v.id());
                    if (stale != null) retired.add(stale);
                }
                out.add(k);
            }
            known.keySet().retainAll(out.stream().map(x -> x.installed().id()).toList());
            knownList = List.copyOf(out);
            synced = installs;
            return knownList;
        }
    }

    private static Known read(InstalledModel v) {
        Optional<Path> json = v.fileEndingWith(".onnx.json");
        if (json.isEmpty() || v.fileEndingWith(".onnx").isEmpty()) {
            log.warn("installed Piper voice {} lacks its .onnx or .onnx.json; ignoring it", v.id());
            return null;
        }
        try {
            PiperOnnxJson config = PiperOnnxJson.read(json.get());
            String code = config.languageCode() != null ? config.languageCode() : v.id().split("-")[0];
            List<String> languages = new ArrayList<>();
            languages.add(LanguageCodes.normalize(code));
            String family = LanguageCodes.family(code);
            if (!languages.contains(family)) languages.add(family);
            String[] parts = v.id().split("-");
            String name = parts.length >= 3 ? parts[1] + " (" + parts[2] + ")" : v.id();
            Gender gender = parts.length >= 2 ? KNOWN_GENDERS.getOrDefault(parts[1], Gender.UNKNOWN) : Gender.UNKNOWN;
            VoiceInfo info = new VoiceInfo(v.id(), "Piper " + name.replace('_', ' '), ID, languages,
                    config.sampleRate(), gender, v.licence());
            return new Known(v, config, info);
        } catch (ModelBroken e) {
            log.warn("installed Piper voice {}: {}", v.id(), e.getMessage());
            return null;
        }
    }

    private PiperVoice load(Known k) {
        PiperVoice voice = loaded.get(k.installed().id());
        if (voice != null) return voice;
        synchronized (this) {
            voice = loaded.get(k.installed().id());
            if (voice != null) return voice;
            voice = open(k);
            loaded.put(k.installed().id(), voice);
            return voice;
        }
    }

    private PiperVoice open(Known k) {
        InstalledModel v = k.installed();
        Path onnx = v.fileEndingWith(".onnx").orElseThrow();
        String reinstall = " Reinstall it with: hlas voices pull " + v.id();
        requireEspeakVoice(v.id(), k.config());
        try {
            long expected = v.files().stream().filter(f -> onnx.getFileName().toString().equals(f.name()))
                    .mapToLong(InstalledModel.File::size).findFirst().orElse(-1);
            long actual = Files.size(onnx);
            if (expected >= 0 && actual != expected) {
                throw new ModelBroken("model file " + onnx + " is " + actual + " bytes but was installed with "
                        + expected + " (truncated or modified)");
            }
            PiperModel model = PiperModel.open(onnx, settings.onnx());
            if (k.config().multiSpeaker() != model.hasSid()) {
                log.warn("Piper voice {}: config says {} speakers but the model {} a sid input; following the model",
                        v.id(), k.config().numSpeakers(), model.hasSid() ? "has" : "lacks");
            }
            PiperVoice voice = new PiperVoice(k.info(), k.config(), model, espeak, settings, modelVersion(v));
            if (settings.warmUp()) voice.warmUp();
            return voice;
        } catch (IOException | RuntimeException e) {
            if (e instanceof VoiceUnavailable unavailable) throw unavailable;
            throw new ModelBroken("Piper voice '" + v.id() + "' cannot be loaded: " + e.getMessage() + "."
                    + reinstall, e);
        }
    }

    /**
     * A voice phonemized by espeak-ng names an espeak-ng voice in its config; one this espeak-ng lacks would fail
     * every request, so the voice is refused at load instead, naming what is missing.
     */
    private void requireEspeakVoice(String voiceId, PiperOnnxJson config) {
        if (!"espeak".equals(config.phonemeType())) return;
        try {
            espeak.phonemize("a", config.espeakVoice());
        } catch (RuntimeException e) {
            throw new ModelBroken("Piper voice '" + voiceId + "' cannot be loaded: its config names the espeak-ng voice '"
                    + config.espeakVoice() + "', which this espeak-ng (" + espeak.version() + ") does not have."
                    + " Install a newer espeak-ng-data or fix espeak.voice in the voice's .onnx.json");
        }
    }

    /** What identifies the audio of an installed voice: its files' checksums and the sentence silence. */
    private String modelVersion(InstalledModel v) {
        StringBuilder b = new StringBuilder("piper");
        v.files().stream().sorted(Comparator.comparing(InstalledModel.File::name))
                .forEach(f -> b.append(';').append(f.name()).append('=').append(f.sha256()));
        return b.append(";silence=").append(settings.sentenceSilence()).toString();
    }

    /** ORT sessions run with {@code intraOpThreads} each; this many sentences can run at once without oversubscribing. */
    @Override
    public int parallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / settings.onnx().intraOpThreads());
    }

    @Override
    public void close() {
        loaded.values().forEach(PiperVoice::close);
        loaded.clear();
        retired.forEach(PiperVoice::close);
        retired.clear();
    }
}
