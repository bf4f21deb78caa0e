package dev.hlas.engine.piper;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.error.EngineFailure;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.PhonemeInspectable;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.SpokenWords;
import dev.hlas.engine.espeak.EspeakNative;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded Piper voice: text → espeak-ng phonemes (under espeak's global lock) → ids → one ONNX run per sentence
 * (outside the lock, so workers phonemize and infer concurrently) → one PCM chunk per sentence, then the configured
 * silence. Thread-safe; a speaker-specific view ({@link #forSpeaker}) shares the session.
 */
public final class PiperVoice implements EngineVoice, PhonemeInspectable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PiperVoice.class);

    private final VoiceInfo info;
    private final PiperOnnxJson config;
    private final PiperModel model;
    private final PhonemeIdMapper mapper;
    private final EspeakNative espeak;
    private final PiperSettings settings;
    private final Integer fixedSpeaker;
    private final Map<String, AtomicLong> unknownPhonemes;
    private final String modelVersion;

    /**
     * @param modelVersion identifies the installed model files (see {@link #modelVersion()})
     */
    PiperVoice(VoiceInfo info, PiperOnnxJson config, PiperModel model, EspeakNative espeak, PiperSettings settings,
               String modelVersion) {
        this(info, config, model, espeak, settings, null, new ConcurrentHashMap<>(), modelVersion);
    }

    private PiperVoice(VoiceInfo info, PiperOnnxJson config, PiperModel model, EspeakNative espeak,
                       PiperSettings settings, Integer fixedSpeaker, Map<String, AtomicLong> unknownPhonemes,
                       String modelVersion) {
        this.modelVersion = modelVersion;
        this.info = info;
        this.config = config;
        this.model = model;
        this.mapper = new PhonemeIdMapper(config);
        this.espeak = espeak;
        this.settings = settings;
        this.fixedSpeaker = fixedSpeaker;
        this.unknownPhonemes = unknownPhonemes;
    }

    /** The same voice, always speaking with one speaker of a multi-speaker model. */
    PiperVoice forSpeaker(VoiceInfo speakerInfo, int speakerId) {
        return new PiperVoice(speakerInfo, config, model, espeak, settings, speakerId, unknownPhonemes,
                modelVersion);
    }

    /**
     * The SHA-256 of every installed file (model and config, from the store's manifest, verified at install) plus
     * the sentence silence, which also changes the audio; cached responses are keyed by it.
     */
    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public VoiceInfo info() {
        return info;
    }

    public PiperOnnxJson config() {
        return config;
    }

    /** Whether the model is fed a speaker id (it declares a {@code sid} input). */
    public boolean sendsSpeakerId() {
        return model.hasSid();
    }

    /** How often each unknown phoneme was skipped since the voice was loaded. */
    public Map<String, Long> unknownPhonemeCounts() {
        Map<String, Long> out = new TreeMap<>();
        unknownPhonemes.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * The speaker id a request gets: the view's fixed speaker, else the request's {@code speaker} (a name from the
     * voice's speaker map or a number), else the config's default. Single-speaker voices ignore {@code speaker}.
     *
     * @throws VoiceUnavailable ({@code param: speaker}) for a speaker the voice does not have
     */
    public int speakerId(SynthesisParams params) {
        if (!config.multiSpeaker()) return 0;
        if (fixedSpeaker != null) return fixedSpeaker;
        String requested = params.speaker();
        if (requested == null || requested.isBlank()) return config.defaultSpeakerId();
        Integer id = resolveSpeaker(config, requested);
        if (id == null) {
            throw new VoiceUnavailable("speaker", "Voice '" + info.id() + "' has no speaker '" + requested
                    + "'. Use a name from GET /v1/audio/voices or a number 0–" + (config.numSpeakers() - 1) + ".");
        }
        return id;
    }

    static Integer resolveSpeaker(PiperOnnxJson config, String requested) {
        Integer byName = config.speakerIdMap().get(requested);
        if (byName != null) return byName;
        if (requested.matches("\\d{1,6}")) {
            int n = Integer.parseInt(requested);
            if (n < config.numSpeakers()) return n;
        }
        return null;
    }

    @Override
    public void validate(SynthesisParams params) {
        speakerId(params);
    }

    @Override
    public List<PhonemeIds> phonemes(String text) {
        return phonemes(new Utterance(text, info.languages().getFirst()));
    }

    /** Piper voices phonemized by espeak-ng take given phonemes (spliced in by espeak); character voices do not. */
    @Override
    public boolean takesPhonemes() {
        return !"text".equals(config.phonemeType());
    }

    @Override
    public List<PhonemeIds> phonemes(Utterance utterance) {
        List<String> sentences = phonemize(utterance);
        List<PhonemeIds> out = new ArrayList<>(sentences.size());
        for (String s : sentences) out.add(mapper.map(s));
        return out;
    }

    private List<String> phonemize(Utterance utterance) {
        String text = utterance.text();
        if ("text".equals(config.phonemeType())) {
            String t = Normalizer.normalize(text.strip(), Normalizer.Form.NFD);
            return t.isEmpty() ? List.of() : List.of(t);
        }
        try {
            return espeak.phonemize(text, utterance.phonemes(), config.espeakVoice());
        } catch (RuntimeException e) {
            throw new EngineFailure("espeak-ng could not phonemize for voice " + info.id() + " (espeak voice '"
                    + config.espeakVoice() + "')", e);
        }
    }

    @Override
    public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
        int sid = speakerId(params);
        float noiseScale = clampNoise(params.noiseScale(), config.noiseScale());
        float noiseW = clampNoise(params.noiseW(), config.noiseW());
        float lengthScale = (float) (config.lengthScale() / params.speed());
        List<long[]> spoken = new ArrayList<>(); // {startSample, endSample} of each phoneme word
        boolean timed = true;
        long emitted = 0;
        long speechStart = -1;
        long speechEnd = 0;
        List<PhonemeIds> sentences = phonemes(utterance);
        for (int i = 0; i < sentences.size(); i++) {
            PhonemeIds sentence = sentences.get(i);
            noteUnknown(sentence.unknown());
            if (sentence.ids().length <= 3) continue; // nothing speakable between BOS and EOS
            PiperModel.Output out = model.infer(sentence.ids(), noiseScale, lengthScale, noiseW, sid);
            float[] audio = normalize(out.audio());
            if (out.durations() == null) {
                timed = false;
            } else {
                double total = 0;
                for (float d : out.durations()) total += Math.round(d);
                double perFrame = total > 0 ? audio.length / total : 0;
                for (long[] w : mapper.wordFrames(sentence, out.durations())) {
                    spoken.add(new long[]{emitted + Math.round(w[0] * perFrame), emitted + Math.round(w[1] * perFrame)});
                }
            }
            if (speechStart < 0) speechStart = emitted;
            speechEnd = emitted + audio.length;
            emitted += audio.length;
            if (!sink.accept(new PcmChunk(audio, config.sampleRate()))) return;
            // A first clause ends inside its sentence: its ", " terminator phoneme carries the pause, not silence.
            boolean insideSentence = utterance.clause() && i == sentences.size() - 1;
            if (settings.sentenceSilence() > 0 && !insideSentence) {
                PcmChunk silence = PcmChunk.silence(settings.sentenceSilence(), config.sampleRate());
                emitted += silence.samples().length;
                if (!sink.accept(silence)) return;
            }
        }
        if (timed && speechStart >= 0) sink.words(SpokenWords.marks(utterance.text(), spoken, speechStart, speechEnd));
    }

    /** Runs one inference on a sentence of typical length, so ORT's first-run costs are paid at load. */
    void warmUp() {
        long[] ids = new long[101];
        long[] filler = config.phonemeIdMap().getOrDefault("a", config.phonemeIdMap().get("_"));
        ids[0] = config.phonemeIdMap().get("^")[0];
        for (int i = 1; i < 100; i++) ids[i] = i % 2 == 0 ? filler[0] : config.phonemeIdMap().get("_")[0];
        ids[100] = config.phonemeIdMap().get("$")[0];
        model.infer(ids, config.noiseScale(), config.lengthScale(), config.noiseW(), config.defaultSpeakerId());
    }

    private static float clampNoise(Double requested, float fallback) {
        if (requested == null || requested.isNaN()) return fallback;
        return (float) Math.max(0, Math.min(PiperSettings.MAX_NOISE, requested));
    }

    /**
     * piper1-gpl's output stage: scale to peak 1 (all zeros below 1e-8), clip to [-1, 1]. The int16 step
     * ({@code ×32767}, truncated) happens in the encoder.
     */
    static float[] normalize(float[] audio) {
        float peak = 0;
        for (float s : audio) peak = Math.max(peak, Math.abs(s));
        if (peak < 1e-8f) return new float[audio.length];
        float scale = 1f / peak;
        for (int i = 0; i < audio.length; i++) audio[i] = Math.max(-1f, Math.min(1f, audio[i] * scale));
        return audio;
    }

    private void noteUnknown(List<String> unknown) {
        for (String p : unknown) {
            AtomicLong count = unknownPhonemes.computeIfAbsent(p, k -> {
                log.warn("Piper voice {}: phoneme '{}' (U+{}) is not in its id map; skipping it (logged once per "
                        + "phoneme, counts in POST /v1/audio/phonemes)", info.id(), k,
                        Integer.toHexString(k.codePointAt(0)).toUpperCase(Locale.ROOT));
                return new AtomicLong();
            });
            count.incrementAndGet();
        }
    }

    @Override
    public void close() {
        if (fixedSpeaker == null) model.close();
    }
}
