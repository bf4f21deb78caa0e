package dev.hlas.engine.kokoro;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.InstallWatch;
import dev.hlas.engine.InstalledModel;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.ModelFiles;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.PhonemeSpan;
import dev.hlas.engine.PhonemeInspectable;
import dev.hlas.engine.PhonemeWord;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SpokenWords;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.LazyModel;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.VoiceUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kokoro-82M v1.0 on ONNX Runtime: 24 kHz voices in nine languages (see docs/ENGINES.md, "Kokoro").
 *
 * <p>Per utterance: espeak-ng phonemes mapped to Kokoro's symbols ({@link KokoroPhonemizer}), cut into ≤510-phoneme
 * chunks with a short first one ({@link KokoroChunker}), and for each chunk one model run with the voice's style row
 * for that chunk's length; each chunk's audio goes to the sink as soon as it exists, and a sink that answers
 * {@code false} stops the utterance before its next run.
 *
 * <p>Voice ids are the plain Kokoro names ({@code af_heart}, {@code bm_george}) and blends of them
 * ({@code af_bella(2)+af_sky(1)}, see {@link VoiceBlend}). Language and gender come from the name's prefix.
 *
 * <p>The install is found among the installed models (engine {@code kokoro}; the first by id when there are
 * several) whenever the store changes, so Kokoro pulled while the server runs is used without a restart and a
 * reinstall replaces the loaded model. Listing voices reads the voice pack only; the ONNX session is created on the
 * first synthesis (or by {@link #preload}).
 */
public final class KokoroEngine implements SpeechEngine {
    public static final String ID = "kokoro";
    static final String LICENCE = "Apache-2.0 (Kokoro-82M)";
    private static final Logger log = LoggerFactory.getLogger(KokoroEngine.class);
    private static final String VOICE_NAME = "[a-z][fm]_[a-z]+";

    private final InstallWatch watch;
    /** misaki's dictionaries (engine {@code misaki}, the {@code misaki-en} catalog entry). */
    private final InstallWatch dictionaryWatch;
    private final KokoroPhonemizer phonemizer;
    private final KokoroWordOverrides overrides;
    private volatile MisakiDictionaries dictionaries;
    private volatile List<InstalledModel> dictionariesSynced;
    private volatile InstalledModel dictionariesFrom;
    /** Dictionaries given directly ({@link #open(KokoroInstall, EspeakNative, KokoroSettings)}); then not watched. */
    private volatile boolean fixedDictionaries;
    private final KokoroSettings settings;
    /** Models replaced by a reinstall; closed with the engine, since a worker may still be running them. */
    private final List<Install> retired = new CopyOnWriteArrayList<>();
    private volatile Install current;
    /** The install list {@link #current} was chosen from. */
    private volatile List<InstalledModel> synced;
    private volatile boolean closed;

    public KokoroEngine(InstalledModels models, EspeakNative espeak, KokoroSettings settings) {
        this(models, espeak, settings, KokoroWordOverrides.NONE);
    }

    /** @param overrides pronunciations that win over misaki and espeak-ng for English words (a lexicon) */
    public KokoroEngine(InstalledModels models, EspeakNative espeak, KokoroSettings settings,
                        KokoroWordOverrides overrides) {
        this.watch = new InstallWatch(models, ID);
        this.dictionaryWatch = new InstallWatch(models, MisakiDictionaries.INSTALL_ENGINE);
        this.phonemizer = new KokoroPhonemizer(espeak);
        this.settings = settings;
        this.overrides = overrides;
    }

    /**
     * Kokoro served from one directory, without a store (embedding, benchmarks, tests). The install is checked and
     * its voices read now; the model still loads on first use.
     *
     * @return empty when Kokoro is not installed there
     * @throws ModelBroken when an install is there but broken (missing part, wrong voice shape); the message says
     *                     what and where
     */
    public static Optional<KokoroEngine> open(Path directory, EspeakNative espeak, KokoroSettings settings) {
        return KokoroInstall.find(directory).map(install -> open(install, espeak, settings));
    }

    /** An install found by {@link KokoroInstall#find}: see {@link #open(Path, EspeakNative, KokoroSettings)}. */
    public static KokoroEngine open(KokoroInstall install, EspeakNative espeak, KokoroSettings settings) {
        Path dir = install.directory();
        Install loaded = Install.read(new InstalledModel(ID, ID, dir, "Apache-2.0", Instant.EPOCH, List.of()),
                install, settings);
        KokoroEngine engine = new KokoroEngine(InstalledModels.fixed(List.of(loaded.installed())), espeak, settings);
        engine.current = loaded;
        engine.synced = engine.watch.installs();
        engine.dictionaries = MisakiDictionaries.find(dir.resolve("misaki"))
                .or(() -> MisakiDictionaries.find(dir)).orElse(null);
        engine.fixedDictionaries = true;
        return engine;
    }

    /**
     * One Kokoro install: its files and voices, read without touching ONNX Runtime; the model is created on first use.
     */
    private static final class Install {
        private final InstalledModel installed;
        private final KokoroInstall files;
        private final Map<String, VoicePack> packs;
        private final Map<String, VoiceInfo> infos = new LinkedHashMap<>();
        private final String modelVersion;
        private final KokoroSettings settings;
        private final LazyModel<KokoroModel> model;

        private Install(InstalledModel installed, KokoroInstall files, Map<String, VoicePack> packs,
                        KokoroSettings settings) {
            this.installed = installed;
            this.files = files;
            this.packs = Map.copyOf(packs);
            this.settings = settings;
            packs.keySet().stream().sorted().forEach(name -> infos.put(name, info(name, name, displayName(name))));
            List<Path> paths = new ArrayList<>();
            paths.add(files.model());
            paths.add(files.pack());
            paths.addAll(files.voiceBins());
            this.modelVersion = ModelFiles.version(paths.toArray(Path[]::new));
            this.model = new LazyModel<>("the Kokoro model in " + files.directory(), this::load);
        }

        static Install read(InstalledModel installed, KokoroInstall files, KokoroSettings settings) {
            Map<String, VoicePack> packs = new LinkedHashMap<>();
            if (files.pack() != null) packs.putAll(VoicePackReader.readNpz(files.pack()));
            for (Path bin : files.voiceBins()) {
                VoicePack pack = VoicePackReader.readBin(bin);
                packs.put(pack.name(), pack);
            }
            return new Install(installed, files, packs, settings);
        }

        InstalledModel installed() {
            return installed;
        }

        KokoroModel model() {
            return model.get();
        }

        private KokoroModel load() {
            long start = System.nanoTime();
            KokoroModel m = KokoroModel.open(files.model(), settings.onnx());
            log.info("Kokoro model {} loaded in {} ms", files.model().getFileName(),
                    (System.nanoTime() - start) / 1_000_000);
            return m;
        }

        void close() {
            model.close();
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<VoiceInfo> voices() {
        Install install = install();
        return install == null ? List.of() : List.copyOf(install.infos.values());
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    /** The model, loading it if needed (diagnostics and tests). */
    public KokoroModel model() {
        Install install = install();
        if (install == null) throw new VoiceUnavailable("Kokoro is not installed. Install it with: hlas voices pull kokoro");
        return install.model();
    }

    @Override
    public List<String> preload(Collection<String> voiceIds) {
        List<String> ok = new ArrayList<>();
        for (String id : voiceIds) {
            try {
                if (voice(id).isEmpty()) continue;
                model();
                KokoroLanguage language = KokoroLanguage.ofVoice(id);
                MisakiDictionaries d = dictionaries();
                if (d != null && d.has(language)) d.g2p(language); // read now, not on the first request
                ok.add(id);
            } catch (HlasException e) {
                log.error("{}", e.getMessage());
            }
        }
        return ok;
    }

    /**
     * The current install, chosen again when the installs changed. A broken install is logged and treated as absent,
     * so it cannot break the other engines' voices.
     */
    private Install install() {
        List<InstalledModel> installs = watch.installs();
        if (installs == synced) return current;
        synchronized (this) {
            if (installs == synced) return current;
            Optional<InstalledModel> found = installs.stream().findFirst();
            Install old = current;
            Install fresh = null;
            if (found.isPresent() && old != null && sameInstall(old.installed(), found.get())) {
                fresh = old;
            } else if (found.isPresent()) {
                try {
                    Optional<KokoroInstall> files = KokoroInstall.find(found.get().dir());
                    if (files.isPresent()) fresh = Install.read(found.get(), files.get(), settings);
                } catch (ModelBroken e) {
                    log.warn("installed Kokoro {} is unusable: {}", found.get().id(), e.getMessage());
                }
            }
            if (old != null && old != fresh) retired.add(old);
            if (closed && fresh != null) fresh.close();
            current = fresh;
            synced = installs;
            return fresh;
        }
    }

    /** misaki's dictionaries when installed (the first install by id), else null. */
    MisakiDictionaries dictionaries() {
        if (fixedDictionaries) return dictionaries;
        List<InstalledModel> installs = dictionaryWatch.installs();
        if (installs == dictionariesSynced) return dictionaries;
        synchronized (this) {
            if (installs != dictionariesSynced) {
                InstalledModel first = installs.isEmpty() ? null : installs.getFirst();
                if (first == null) {
                    dictionaries = null;
                } else if (dictionariesFrom == null || !sameInstall(dictionariesFrom, first)) {
                    // A new or reinstalled set: read lazily again from its directory.
                    dictionaries = MisakiDictionaries.find(first.dir()).orElse(null);
                }
                dictionariesFrom = first;
                dictionariesSynced = installs;
            }
            return dictionaries;
        }
    }

    /**
     * {@code misaki} for English voices when misaki's dictionaries for their variant are installed (unknown words
     * still go to espeak-ng), else {@code espeak-ng}.
     */
    @Override
    public Optional<String> g2p(String voiceId) {
        if (!looksLikeKokoro(voiceId)) return Optional.empty();
        KokoroLanguage language = KokoroLanguage.ofVoice(voiceId);
        MisakiDictionaries d = dictionaries();
        return Optional.of(d != null && d.has(language) ? "misaki" : "espeak-ng");
    }

    private static boolean sameInstall(InstalledModel a, InstalledModel b) {
        return a.id().equals(b.id()) && a.dir().equals(b.dir()) && a.installedAt().equals(b.installedAt());
    }

    /**
     * A plain voice name, or a blend of installed voices.
     *
     * @throws VoiceUnavailable for a blend that names a voice Kokoro does not have, when at least one of its voices
     *                          is a Kokoro voice or looks like one
     */
    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        if (!looksLikeKokoro(voiceId)) return Optional.empty();
        Install install = install();
        if (install == null) return Optional.empty();
        VoicePack plain = install.packs.get(voiceId);
        if (plain != null) return Optional.of(new KokoroVoice(install, install.infos.get(voiceId), plain));
        Optional<VoiceBlend> parsed = VoiceBlend.parse(voiceId);
        if (parsed.isEmpty()) return Optional.empty();
        VoiceBlend blend = parsed.get();
        boolean ours = blend.components().stream()
                .anyMatch(c -> install.packs.containsKey(c.voice()) || c.voice().matches(VOICE_NAME));
        if (!ours) return Optional.empty();
        List<VoicePack> parts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (VoiceBlend.Component c : blend.components()) {
            VoicePack pack = install.packs.get(c.voice());
            if (pack == null) {
                throw new VoiceUnavailable("Voice blend '" + voiceId + "' names '" + c.voice()
                        + "', which is not an installed Kokoro voice. Installed: "
                        + String.join(", ", install.infos.keySet()) + ".");
            }
            parts.add(pack);
            weights.add(c.weight());
        }
        String id = blend.id();
        String first = blend.components().getFirst().voice();
        VoiceInfo info = info(id, first, "Kokoro blend " + id);
        return Optional.of(new KokoroVoice(install, info, VoicePack.blend(id, parts, weights)));
    }

    /**
     * Whether an id can be a Kokoro voice at all ({@code af_heart}, or a blend with {@code (} or {@code +}): other
     * engines' ids are answered without touching the installs.
     */
    private static boolean looksLikeKokoro(String voiceId) {
        return voiceId.length() > 3 && voiceId.charAt(2) == '_' || voiceId.contains("+") || voiceId.contains("(");
    }

    private static VoiceInfo info(String id, String languageSource, String name) {
        KokoroLanguage language = KokoroLanguage.ofVoice(languageSource);
        Gender gender = KokoroLanguage.genderOfVoice(languageSource);
        return new VoiceInfo(id, name, ID, language.languages(), KokoroModel.SAMPLE_RATE, gender, LICENCE);
    }

    private static String displayName(String voice) {
        int underscore = voice.indexOf('_');
        String base = underscore < 0 ? voice : voice.substring(underscore + 1);
        if (base.isEmpty()) return "Kokoro " + voice;
        return "Kokoro " + base.substring(0, 1).toUpperCase(Locale.ROOT) + base.substring(1);
    }

    /** Closes the loaded model; a load in progress finishes and is closed by whoever waits for it. */
    @Override
    public void close() {
        closed = true;
        Install now = current;
        if (now != null) now.close();
        retired.forEach(Install::close);
        retired.clear();
    }

    /** Phonemes of an utterance and its words (phonemes null when espeak-ng read the sentence as a whole). */
    private record Reading(String phonemes, List<MisakiG2p.Word> words) {
    }

    /** One voice (or blend): its style pack and its language. */
    private final class KokoroVoice implements EngineVoice, PhonemeInspectable {
        private final Install install;
        private final VoiceInfo info;
        private final VoicePack pack;
        private final KokoroLanguage language;

        KokoroVoice(Install install, VoiceInfo info, VoicePack pack) {
            this.install = install;
            this.info = info;
            this.pack = pack;
            this.language = KokoroLanguage.ofVoice(info.id());
        }

        @Override
        public VoiceInfo info() {
            return info;
        }

        @Override
        public String modelVersion() {
            return install.modelVersion;
        }

        @Override
        public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
            String phonemes = read(utterance).phonemes();
            KokoroModel model = install.model();
            List<long[]> spoken = new ArrayList<>(); // audio of each phoneme word, when the export gives durations
            boolean timed = true;
            long emitted = 0;
            for (String chunk : settings.chunker().split(phonemes)) {
                long[] ids = KokoroVocab.encode(chunk);
                if (ids.length == 0) continue;
                long[] padded = KokoroVocab.withPads(ids);
                KokoroModel.Output out = model.runTimed(padded, pack.style(ids.length), params.speed());
                float[] audio = out.audio();
                if (out.durations() == null) timed = false;
                else spoken.addAll(wordSamples(padded, out.durations(), audio.length, emitted));
                emitted += audio.length;
                if (audio.length > 0 && !sink.accept(new PcmChunk(audio, KokoroModel.SAMPLE_RATE))) return;
            }
            if (timed && emitted > 0) sink.words(SpokenWords.marks(utterance.text(), spoken, 0, emitted));
        }

        /**
         * Audio ranges of the words of one chunk: a word is a run of tokens other than pads, the space and
         * punctuation (ids 0–16); samples per frame are the chunk's length over its total frames.
         */
        static List<long[]> wordSamples(long[] padded, float[] frames, int samples, long offset) {
            double total = 0;
            for (float f : frames) total += f;
            double perFrame = total > 0 ? samples / total : 0;
            List<long[]> words = new ArrayList<>();
            double at = 0;
            double start = -1;
            for (int i = 0; i < padded.length; i++) {
                boolean word = padded[i] > 16;
                if (word && start < 0) start = at;
                if (!word && start >= 0) {
                    words.add(new long[]{offset + Math.round(start * perFrame), offset + Math.round(at * perFrame)});
                    start = -1;
                }
                at += frames[i];
            }
            if (start >= 0) words.add(new long[]{offset + Math.round(start * perFrame), offset + Math.round(at * perFrame)});
            return words;
        }

        @Override
        public List<PhonemeIds> phonemes(String text) {
            return phonemes(text, language.languages().getFirst());
        }

        /** Kokoro reads phonemes: given ones (a lexicon, SSML {@code <phoneme>}) are mapped to its symbols. */
        @Override
        public boolean takesPhonemes() {
            return true;
        }

        @Override
        public List<PhonemeIds> phonemes(String text, String textLanguage) {
            return phonemes(new Utterance(text, textLanguage));
        }

        /** One entry per model run, with the words of that run and where their phonemes came from. */
        @Override
        public List<PhonemeIds> phonemes(Utterance utterance) {
            Reading reading = read(utterance);
            List<PhonemeIds> out = new ArrayList<>();
            List<String> chunks = settings.chunker().split(reading.phonemes());
            int[] ends = new int[chunks.size()];
            int cursor = 0;
            for (int i = 0; i < chunks.size(); i++) {
                int at = reading.phonemes().indexOf(chunks.get(i), cursor);
                cursor = (at < 0 ? cursor : at) + chunks.get(i).length();
                ends[i] = cursor;
            }
            List<List<PhonemeWord>> words = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) words.add(new ArrayList<>());
            int position = 0;
            for (MisakiG2p.Word w : reading.words()) {
                if (w.source() == null) continue;
                if (w.phonemes() != null && !w.phonemes().isEmpty()) {
                    int at = reading.phonemes().indexOf(w.phonemes(), position);
                    if (at >= 0) position = at;
                }
                int chunk = 0;
                while (chunk < ends.length - 1 && position >= ends[chunk]) chunk++;
                if (!words.isEmpty()) words.get(chunk).add(new PhonemeWord(w.text(), w.phonemes(), w.source().wireName()));
            }
            for (int i = 0; i < chunks.size(); i++) {
                long[] ids = KokoroVocab.encode(chunks.get(i));
                out.add(new PhonemeIds(chunks.get(i), KokoroVocab.withPads(ids), List.of(), words.get(i)));
            }
            return out;
        }

        /** An utterance's phonemes and, when known, how each word got them. */
        private Reading read(Utterance utterance) {
            if (!utterance.phonemes().isEmpty()) return spliced(utterance);
            Optional<KokoroLanguage> textLanguage = KokoroLanguage.ofText(utterance.language(), language);
            if (textLanguage.isPresent() && textLanguage.get().english()) {
                KokoroLanguage g2p = language.english() ? language : textLanguage.get();
                MisakiDictionaries d = dictionaries();
                if (d != null && d.has(g2p)) {
                    MisakiG2p.Result r = d.g2p(g2p).phonemize(utterance.text(),
                            word -> phonemizer.englishWord(word, g2p), overrides, g2p);
                    return new Reading(r.phonemes(), r.words());
                }
            }
            String phonemes = phonemize(utterance);
            List<MisakiG2p.Word> words = new ArrayList<>();
            for (String w : utterance.text().split("\\s+")) {
                String bare = w.replaceAll("^\\P{L}+|\\P{L}+$", "");
                if (!bare.isEmpty()) words.add(new MisakiG2p.Word(bare, null, WordSource.ESPEAK));
            }
            return new Reading(phonemes, words);
        }

        /**
         * An utterance with given phonemes: the text around them is read as usual, each given piece (IPA) is mapped to
         * Kokoro's symbols the way espeak-ng's IPA is, and counts as a {@code lexicon} word.
         */
        private Reading spliced(Utterance utterance) {
            KokoroLanguage g2p = KokoroLanguage.ofText(utterance.language(), language)
                    .map(t -> t.english() && language.english() ? language : t).orElse(language);
            StringBuilder phonemes = new StringBuilder();
            List<MisakiG2p.Word> words = new ArrayList<>();
            int at = 0;
            for (PhonemeSpan span : utterance.phonemes()) {
                readPlain(utterance.text().substring(at, span.start()), utterance.language(), phonemes, words);
                String mapped = KokoroVocab.keepKnown(KokoroPhonemizer.map(span.phonemes(), g2p)).strip();
                append(phonemes, mapped);
                words.add(new MisakiG2p.Word(utterance.text().substring(span.start(), span.end()), mapped,
                        WordSource.LEXICON));
                at = span.end();
            }
            readPlain(utterance.text().substring(at), utterance.language(), phonemes, words);
            return new Reading(phonemes.toString(), words);
        }

        private void readPlain(String text, String textLanguage, StringBuilder phonemes, List<MisakiG2p.Word> words) {
            if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
                append(phonemes, text.strip()); // punctuation between pieces keeps its pause
                return;
            }
            Reading r = read(new Utterance(text, textLanguage));
            append(phonemes, r.phonemes());
            words.addAll(r.words());
        }

        private static void append(StringBuilder phonemes, String piece) {
            if (piece == null || piece.isBlank()) return;
            boolean glued = !piece.isEmpty() && ",.;:!?".indexOf(piece.charAt(0)) >= 0;
            if (!phonemes.isEmpty() && !glued) phonemes.append(' ');
            phonemes.append(piece);
        }

        /**
         * The text's own language picks the G2P when Kokoro has it (a British voice reading en-us text keeps its
         * accent: English text uses the voice's English); otherwise the voice's language does.
         */
        private String phonemize(Utterance utterance) {
            Optional<KokoroLanguage> textLanguage = KokoroLanguage.ofText(utterance.language(), language);
            if (textLanguage.isEmpty()) {
                try {
                    return phonemizer.phonemizeForeign(utterance.text(), LanguageCodes.normalize(utterance.language()));
                } catch (IllegalArgumentException e) {
                    return phonemizer.phonemize(utterance.text(), language); // espeak-ng lacks it: voice's own
                }
            }
            KokoroLanguage g2p = textLanguage.get().english() && language.english() ? language : textLanguage.get();
            try {
                return phonemizer.phonemize(utterance.text(), g2p);
            } catch (IllegalArgumentException e) {
                if (g2p == language) throw new EngineFailure("espeak-ng cannot phonemize " + g2p.espeakVoice(), e);
                return phonemizer.phonemize(utterance.text(), language);
            }
        }
    }
}
