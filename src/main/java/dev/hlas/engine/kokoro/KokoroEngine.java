package dev.hlas.engine.kokoro;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.error.EngineFailure;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.error.HlasException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kokoro-82M v1.0 on ONNX Runtime: 24 kHz voices in nine languages (engines spec §2).
 *
 * <p>Per utterance: espeak-ng phonemes mapped to Kokoro's symbols ({@link KokoroPhonemizer}), cut into ≤510-phoneme
 * chunks with a short first one ({@link KokoroChunker}), and for each chunk one model run with the voice's style row
 * for that chunk's length; each chunk's audio goes to the sink as soon as it exists, and a sink that answers
 * {@code false} stops the utterance before its next run.
 *
 * <p>Voice ids are the plain Kokoro names ({@code af_heart}, {@code bm_george}) and blends of them
 * ({@code af_bella(2)+af_sky(1)}, see {@link VoiceBlend}). Language and gender come from the name's prefix.
 */
public final class KokoroEngine implements SpeechEngine {
    public static final String ID = "kokoro";
    static final String LICENCE = "Apache-2.0 (Kokoro-82M)";

    private final KokoroModel model;
    private final KokoroPhonemizer phonemizer;
    private final KokoroOptions options;
    private final Map<String, VoicePack> packs;
    private final Map<String, VoiceInfo> infos = new LinkedHashMap<>();
    /** Identifies the loaded model and voice files (for cache keys). */
    private final String modelVersion;

    KokoroEngine(KokoroModel model, KokoroPhonemizer phonemizer, Map<String, VoicePack> packs, KokoroOptions options,
                 String modelVersion) {
        this.modelVersion = modelVersion;
        this.model = model;
        this.phonemizer = phonemizer;
        this.options = options;
        this.packs = Map.copyOf(packs);
        packs.keySet().stream().sorted().forEach(name -> infos.put(name, info(name, name, displayName(name))));
    }

    /**
     * Loads the Kokoro install in {@code directory}, if there is one.
     *
     * @return empty when Kokoro is not installed there
     * @throws ModelBroken when an install is there but broken (missing part, wrong
     *                                                 voice shape, corrupt model); the message says what and where
     */
    public static Optional<KokoroEngine> open(Path directory, EspeakNative espeak, KokoroOptions options) {
        Optional<KokoroInstall> install = KokoroInstall.find(directory);
        if (install.isEmpty()) return Optional.empty();
        return Optional.of(open(install.get(), espeak, options));
    }

    /** Loads an install found by {@link KokoroInstall#find}; voices are validated before the model is loaded. */
    public static KokoroEngine open(KokoroInstall install, EspeakNative espeak, KokoroOptions options) {
        Map<String, VoicePack> packs = new LinkedHashMap<>();
        if (install.pack() != null) packs.putAll(VoicePackReader.readNpz(install.pack()));
        for (Path bin : install.voiceBins()) {
            VoicePack pack = VoicePackReader.readBin(bin);
            packs.put(pack.name(), pack);
        }
        KokoroModel model = KokoroModel.open(install.model(), options.onnx());
        java.util.List<Path> files = new java.util.ArrayList<>();
        files.add(install.model());
        files.add(install.pack());
        files.addAll(install.voiceBins());
        return new KokoroEngine(model, new KokoroPhonemizer(espeak), packs, options,
                dev.hlas.engine.ModelFiles.version(files.toArray(Path[]::new)));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<VoiceInfo> voices() {
        return List.copyOf(infos.values());
    }

    @Override
    public int parallelism() {
        return options.parallelism();
    }

    /** The model, for diagnostics. */
    public KokoroModel model() {
        return model;
    }

    /**
     * A plain voice name, or a blend of installed voices.
     *
     * @throws VoiceUnavailable for a blend that names a voice Kokoro does not have, when
     *                       at least one of its voices is a Kokoro voice or looks like one
     */
    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        VoicePack plain = packs.get(voiceId);
        if (plain != null) return Optional.of(new KokoroVoice(infos.get(voiceId), plain));
        Optional<VoiceBlend> parsed = VoiceBlend.parse(voiceId);
        if (parsed.isEmpty()) return Optional.empty();
        VoiceBlend blend = parsed.get();
        boolean ours = blend.components().stream()
                .anyMatch(c -> packs.containsKey(c.voice()) || c.voice().matches("[a-z][fm]_[a-z]+"));
        if (!ours) return Optional.empty();
        List<VoicePack> parts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (VoiceBlend.Component c : blend.components()) {
            VoicePack pack = packs.get(c.voice());
            if (pack == null) {
                throw new VoiceUnavailable("Voice blend '" + voiceId + "' names '" + c.voice()
                        + "', which is not an installed Kokoro voice. Installed: "
                        + String.join(", ", infos.keySet()) + ".");
            }
            parts.add(pack);
            weights.add(c.weight());
        }
        String id = blend.id();
        String first = blend.components().getFirst().voice();
        VoiceInfo info = info(id, first, "Kokoro blend " + id);
        return Optional.of(new KokoroVoice(info, VoicePack.blend(id, parts, weights)));
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

    @Override
    public void close() {
        model.close();
    }

    /** One voice (or blend): its style pack and its language. */
    private final class KokoroVoice implements EngineVoice {
        private final VoiceInfo info;
        private final VoicePack pack;
        private final KokoroLanguage language;

        KokoroVoice(VoiceInfo info, VoicePack pack) {
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
            return modelVersion;
        }

        @Override
        public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
            String phonemes = phonemize(utterance);
            for (String chunk : options.chunker().split(phonemes)) {
                long[] ids = KokoroVocab.encode(chunk);
                if (ids.length == 0) continue;
                float[] audio = model.run(KokoroVocab.withPads(ids), pack.style(ids.length), params.speed());
                if (audio.length > 0 && !sink.accept(new PcmChunk(audio, KokoroModel.SAMPLE_RATE))) return;
            }
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
