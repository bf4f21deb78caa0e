package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.espeak.PhonemeClause;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text → Kokoro phoneme string, through espeak-ng in tie mode and misaki's espeak mappings (see docs/ENGINES.md, "Kokoro").
 *
 * <p>Upstream, misaki phonemizes English from its dictionaries and asks espeak only for unknown words; here espeak
 * phonemizes every word and the same fallback mapping turns its IPA into Kokoro's symbols (diphthongs as single
 * letters: {@code a^ɪ → I}, {@code e^ɪ → A}, {@code o^ʊ → O}; {@code ɾ → T}; …). Other languages use misaki's
 * {@code EspeakG2P} mapping. Clause punctuation is kept ({@code , . ! ? : ;} are Kokoro symbols and shape prosody),
 * and anything outside Kokoro's vocabulary is dropped at the end.
 *
 * <p>Thread-safe: espeak-ng calls serialize inside {@link EspeakNative}.
 */
public final class KokoroPhonemizer {
    private static final char TIE = '^';

    /** misaki {@code EspeakFallback.E2M}, applied longest key first. */
    private static final List<Map.Entry<String, String>> ENGLISH = sortedLongestFirst(Map.ofEntries(
            Map.entry("ʔˌn\u0329", "ʔn"), Map.entry("ʔn\u0329", "ʔn"),
            Map.entry("a^ɪ", "I"), Map.entry("a^ʊ", "W"), Map.entry("d^ʒ", "ʤ"), Map.entry("e^ɪ", "A"),
            Map.entry("e", "A"), Map.entry("t^ʃ", "ʧ"), Map.entry("ɔ^ɪ", "Y"), Map.entry("ə^l", "ᵊl"),
            Map.entry("ʲo", "jo"), Map.entry("ʲə", "jə"), Map.entry("ʲ", ""), Map.entry("ɚ", "əɹ"),
            Map.entry("r", "ɹ"), Map.entry("x", "k"), Map.entry("ç", "k"), Map.entry("ɐ", "ə"),
            Map.entry("ɬ", "l"), Map.entry("\u0303", "")));

    /** misaki {@code EspeakG2P.E2M}, applied in sorted key order. */
    private static final List<Map.Entry<String, String>> OTHER = sorted(Map.ofEntries(
            Map.entry("a^ɪ", "I"), Map.entry("a^ʊ", "W"), Map.entry("d^z", "ʣ"), Map.entry("d^ʒ", "ʤ"),
            Map.entry("e^ɪ", "A"), Map.entry("o^ʊ", "O"), Map.entry("ə^ʊ", "Q"), Map.entry("s^s", "S"),
            Map.entry("t^s", "ʦ"), Map.entry("t^ʃ", "ʧ"), Map.entry("ɔ^ɪ", "Y")));

    private static final Pattern SYLLABIC = Pattern.compile("(\\S)\u0329");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private final EspeakNative espeak;

    public KokoroPhonemizer(EspeakNative espeak) {
        this.espeak = espeak;
    }

    /**
     * Phonemizes one utterance for Kokoro.
     *
     * @return phonemes with clause punctuation, only Kokoro symbols, e.g. {@code "həlˈO, wˈɜɹld!"}
     */
    public String phonemize(String text, KokoroLanguage language) {
        StringBuilder out = new StringBuilder();
        List<PhonemeClause> clauses = espeak.phonemizeClausesWithTie(text, language.espeakVoice(), TIE);
        for (int i = 0; i < clauses.size(); i++) {
            PhonemeClause clause = clauses.get(i);
            out.append(map(clause.phonemes(), language)).append(clause.terminator());
            if (clause.endsSentence() && i + 1 < clauses.size()) out.append(' ');
        }
        return SPACES.matcher(KokoroVocab.keepKnown(out)).replaceAll(" ").strip();
    }

    /**
     * Phonemizes text in a language Kokoro was not trained on (e.g. Czech read by an English voice) with that
     * language's espeak-ng voice and misaki's generic mapping: better than reading it with English rules.
     *
     * @param espeakVoice an espeak-ng voice name such as {@code cs}
     * @throws IllegalArgumentException when espeak-ng has no such voice
     */
    public String phonemizeForeign(String text, String espeakVoice) {
        StringBuilder out = new StringBuilder();
        List<PhonemeClause> clauses = espeak.phonemizeClausesWithTie(text, espeakVoice, TIE);
        for (int i = 0; i < clauses.size(); i++) {
            PhonemeClause clause = clauses.get(i);
            out.append(map(clause.phonemes(), KokoroLanguage.SPANISH)).append(clause.terminator());
            if (clause.endsSentence() && i + 1 < clauses.size()) out.append(' ');
        }
        return SPACES.matcher(KokoroVocab.keepKnown(out)).replaceAll(" ").strip();
    }

    /**
     * One English word no misaki dictionary knows, through espeak-ng and the fallback mapping (misaki's last
     * resort for English).
     *
     * @return Kokoro symbols without punctuation, e.g. {@code "kˈOkəɹO"}; empty when espeak-ng has nothing
     */
    public String englishWord(String word, KokoroLanguage language) {
        StringBuilder out = new StringBuilder();
        for (PhonemeClause clause : espeak.phonemizeClausesWithTie(word, language.espeakVoice(), TIE)) {
            if (!out.isEmpty() && !clause.phonemes().isBlank()) out.append(' ');
            out.append(map(clause.phonemes(), language));
        }
        return SPACES.matcher(KokoroVocab.keepKnown(out)).replaceAll(" ").strip();
    }

    /** misaki's mapping of one clause of tie-mode espeak IPA to Kokoro symbols. */
    static String map(String ipa, KokoroLanguage language) {
        String ps = ipa;
        if (!language.english()) {
            for (Map.Entry<String, String> e : OTHER) ps = ps.replace(e.getKey(), e.getValue());
            return ps.replace("^", "").replace("-", "");
        }
        for (Map.Entry<String, String> e : ENGLISH) ps = ps.replace(e.getKey(), e.getValue());
        ps = SYLLABIC.matcher(ps).replaceAll("ᵊ$1").replace("\u0329", "");
        if (language == KokoroLanguage.BRITISH_ENGLISH) {
            ps = ps.replace("e^ə", "ɛː").replace("iə", "ɪə").replace("ə^ʊ", "Q");
        } else {
            ps = ps.replace("o^ʊ", "O").replace("ɜːɹ", "ɜɹ").replace("ɜː", "ɜɹ").replace("ɪə", "iə")
                    .replace("ː", "");
        }
        // misaki: "for espeak < 1.52"; then the flap and the glottal stop as Kokoro writes them.
        return ps.replace("o", "ɔ").replace("ɾ", "T").replace("ʔ", "t").replace("^", "");
    }

    private static List<Map.Entry<String, String>> sortedLongestFirst(Map<String, String> map) {
        return map.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> -e.getKey().length())
                        .thenComparing(Map.Entry::getKey))
                .toList();
    }

    private static List<Map.Entry<String, String>> sorted(Map<String, String> map) {
        return new LinkedHashMap<>(map).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }
}
