package dev.hlas.engine.espeak;

import dev.hlas.error.EngineFailure;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.WordMark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * espeak-ng's own formant synthesizer as an engine: built in, no download, every language espeak-ng knows.
 *
 * <p>Voice ids are {@code espeak:<language>} (e.g. {@code espeak:cs}, {@code espeak:en-us}), optionally with an
 * espeak variant: {@code espeak:en-us+f3} speaks with the female variant 3.
 */
public final class EspeakEngine implements SpeechEngine {
    public static final String ID = "espeak";
    public static final String PREFIX = ID + ":";
    /** espeak-ng's normal rate in words per minute, and the limits it accepts. */
    static final int NORMAL_WPM = 175;
    static final int MIN_WPM = 80;
    static final int MAX_WPM = 450;
    /**
     * The pause espeak-ng makes at a comma inside a sentence at {@link #NORMAL_WPM}, less what it keeps at the end of
     * an input that ends in one (measured: 160 ms inside, 20 ms at the end; FirstClauseSeamTest).
     */
    static final double CLAUSE_PAUSE_SECONDS = 0.14;
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9_]{1,20}");
    /** Samples above this (1 % of full scale) are part of a word rather than the pause after it. */
    private static final int AUDIBLE = 328;
    private static final String LICENCE = "GPL-3.0-or-later (espeak-ng)";

    private final EspeakNative espeak;
    private final Map<String, VoiceInfo> voices = new LinkedHashMap<>();
    /** Voice id → espeak-ng voice file identifier ({@code espeak:en-gb} → {@code gmw/en}): names alone do not load. */
    private final Map<String, String> identifiers = new LinkedHashMap<>();

    public EspeakEngine(EspeakNative espeak) {
        this.espeak = espeak;
        for (EspeakVoiceEntry entry : espeak.listVoices()) {
            if (entry.languages().isEmpty() || entry.identifier().startsWith("mb/")) continue; // mbrola needs extra data
            // Each language a voice lists becomes an id (gmw/en lists en-gb and en → espeak:en-gb, espeak:en),
            // unless a more specific voice already took it.
            for (String language : entry.languages()) {
                String id = PREFIX + language;
                if (voices.containsKey(id)) continue;
                List<String> languages = new ArrayList<>();
                languages.add(language);
                entry.languages().stream().filter(l -> !l.equals(language)).forEach(languages::add);
                identifiers.put(id, entry.identifier());
                voices.put(id, new VoiceInfo(id, "espeak-ng " + entry.name().replace('_', ' '), ID, languages,
                        espeak.sampleRate(), gender(entry.gender()), LICENCE));
            }
        }
    }

    private static boolean endsInClauseMark(String text) {
        String t = text.strip();
        return !t.isEmpty() && ",;:-–—".indexOf(t.charAt(t.length() - 1)) >= 0;
    }

    private static Gender gender(int espeakGender) {
        return switch (espeakGender) {
            case 1 -> Gender.MALE;
            case 2 -> Gender.FEMALE;
            default -> Gender.UNKNOWN;
        };
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<VoiceInfo> voices() {
        return List.copyOf(voices.values());
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        if (!voiceId.startsWith(PREFIX)) return Optional.empty();
        String rest = voiceId.substring(PREFIX.length());
        int plus = rest.indexOf('+');
        String base = plus < 0 ? rest : rest.substring(0, plus);
        String variant = plus < 0 ? null : rest.substring(plus + 1);
        VoiceInfo baseInfo = voices.get(PREFIX + base);
        if (baseInfo == null || (variant != null && !VARIANT.matcher(variant).matches())) return Optional.empty();
        VoiceInfo info = variant == null ? baseInfo : new VoiceInfo(voiceId, baseInfo.name() + " (" + variant + ")",
                ID, baseInfo.languages(), baseInfo.sampleRate(), variantGender(variant, baseInfo.gender()), LICENCE);
        String espeakName = identifiers.get(PREFIX + base) + (variant == null ? "" : "+" + variant);
        return Optional.of(new EspeakVoice(info, espeakName));
    }

    private static Gender variantGender(String variant, Gender fallback) {
        if (variant.matches("f\\d")) return Gender.FEMALE;
        if (variant.matches("m\\d")) return Gender.MALE;
        return fallback;
    }

    /** The espeak-ng rate for a speed multiplier, within what espeak-ng accepts. */
    static int wordsPerMinute(double speed) {
        return (int) Math.max(MIN_WPM, Math.min(MAX_WPM, Math.round(NORMAL_WPM * speed)));
    }

    /**
     * Word marks from espeak-ng's word events: a word starts at its event's sample and ends at the last audible
     * sample before the next word starts (a pause after it is not part of it).
     */
    static List<WordMark> marks(List<EspeakNative.WordEvent> events, short[] pcm) {
        List<WordMark> marks = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EspeakNative.WordEvent e = events.get(i);
            long start = Math.min(e.sample(), pcm.length);
            long next = i + 1 < events.size() ? Math.min(pcm.length, Math.max(start, events.get(i + 1).sample()))
                    : pcm.length;
            long end = start;
            for (long k = next - 1; k >= start; k--) {
                if (Math.abs(pcm[(int) k]) > AUDIBLE) {
                    end = k + 1;
                    break;
                }
            }
            if (e.end() > e.start()) marks.add(new WordMark(e.start(), e.end(), start, end, true));
        }
        return marks;
    }

    private final class EspeakVoice implements EngineVoice {
        private final VoiceInfo info;
        private final String espeakName;

        EspeakVoice(VoiceInfo info, String espeakName) {
            this.info = info;
            this.espeakName = espeakName;
        }

        @Override
        public VoiceInfo info() {
            return info;
        }

        @Override
        public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
            EspeakNative.Synthesis synthesis;
            try {
                synthesis = espeak.synthesizeWithWords(utterance.text(), espeakName, wordsPerMinute(params.speed()),
                        () -> false);
            } catch (RuntimeException e) {
                throw new EngineFailure("espeak-ng failed to synthesize with voice " + info.id(), e);
            }
            short[] pcm = synthesis.samples();
            if (pcm.length == 0) return;
            sink.words(marks(synthesis.words(), pcm));
            if (!sink.accept(PcmChunk.fromShorts(pcm, pcm.length, espeak.sampleRate()))) return;
            if (utterance.clause() && endsInClauseMark(utterance.text())) {
                // espeak-ng drops the pause of a clause mark that ends its input; inside the sentence it would be
                // there, so the seam gets exactly that pause back, scaled with the rate like espeak's own.
                sink.accept(PcmChunk.silence(CLAUSE_PAUSE_SECONDS * NORMAL_WPM / wordsPerMinute(params.speed()),
                        espeak.sampleRate()));
            }
        }
    }
}
