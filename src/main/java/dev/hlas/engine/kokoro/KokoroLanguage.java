package dev.hlas.engine.kokoro;

import dev.hlas.engine.Gender;
import dev.hlas.engine.LanguageCodes;

import java.util.List;
import java.util.Optional;

/**
 * The languages Kokoro v1.0 voices are trained on, keyed by the first letter of a voice name ({@code a}f_heart,
 * {@code b}m_george), with the espeak-ng voice that phonemizes them (see docs/ENGINES.md, "Kokoro").
 *
 * <p>English uses misaki's espeak fallback mappings; the others misaki's {@code EspeakG2P} mappings. Japanese and
 * Mandarin are phonemized by misaki's own Python G2P upstream, which Java cannot reach: here espeak-ng's {@code ja}
 * and {@code cmn} voices stand in, an approximation. espeak-ng voice names are its file names: British English is
 * {@code en} (gmw/en, language en-gb), French {@code fr}.
 */
public enum KokoroLanguage {
    AMERICAN_ENGLISH('a', "en-us", List.of("en-us", "en")),
    BRITISH_ENGLISH('b', "en", List.of("en-gb", "en")),
    SPANISH('e', "es", List.of("es")),
    FRENCH('f', "fr", List.of("fr-fr", "fr")),
    HINDI('h', "hi", List.of("hi")),
    ITALIAN('i', "it", List.of("it")),
    JAPANESE('j', "ja", List.of("ja")),
    BRAZILIAN_PORTUGUESE('p', "pt-br", List.of("pt-br", "pt")),
    MANDARIN('z', "cmn", List.of("zh", "cmn"));

    private final char prefix;
    private final String espeakVoice;
    private final List<String> languages;

    KokoroLanguage(char prefix, String espeakVoice, List<String> languages) {
        this.prefix = prefix;
        this.espeakVoice = espeakVoice;
        this.languages = languages;
    }

    /** The espeak-ng voice name that phonemizes this language. */
    public String espeakVoice() {
        return espeakVoice;
    }

    /** Language codes a voice of this language speaks, most specific first. */
    public List<String> languages() {
        return languages;
    }

    /** Whether this is one of the two English variants (misaki's English mappings apply). */
    public boolean english() {
        return this == AMERICAN_ENGLISH || this == BRITISH_ENGLISH;
    }

    /** The language of a voice from its name's first letter; American English for unknown prefixes. */
    public static KokoroLanguage ofVoice(String voiceName) {
        char first = voiceName.isEmpty() ? 'a' : voiceName.charAt(0);
        for (KokoroLanguage l : values()) if (l.prefix == first) return l;
        return AMERICAN_ENGLISH;
    }

    /** The gender of a voice from its name's second letter ({@code af_…} female, {@code am_…} male). */
    public static Gender genderOfVoice(String voiceName) {
        if (voiceName.length() < 2) return Gender.UNKNOWN;
        return switch (voiceName.charAt(1)) {
            case 'f' -> Gender.FEMALE;
            case 'm' -> Gender.MALE;
            default -> Gender.UNKNOWN;
        };
    }

    /**
     * The Kokoro language for a text's language code, if Kokoro has one: {@code en-gb} → British, {@code en} →
     * {@code fallbackEnglish}, {@code es} → Spanish; {@code cs} → empty.
     */
    public static Optional<KokoroLanguage> ofText(String language, KokoroLanguage fallbackEnglish) {
        String code = LanguageCodes.normalize(language);
        String family = LanguageCodes.family(code);
        if (family.equals("en")) {
            if (code.startsWith("en-gb")) return Optional.of(BRITISH_ENGLISH);
            if (code.startsWith("en-us")) return Optional.of(AMERICAN_ENGLISH);
            return Optional.of(fallbackEnglish.english() ? fallbackEnglish : AMERICAN_ENGLISH);
        }
        for (KokoroLanguage l : values()) {
            if (l.languages.stream().anyMatch(c -> LanguageCodes.family(c).equals(family))) return Optional.of(l);
        }
        return Optional.empty();
    }
}
