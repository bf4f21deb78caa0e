package dev.hlas.engine;

import java.util.List;

/**
 * What a client needs to know to choose a voice.
 *
 * @param id         stable identifier a request names in {@code voice} (unique across engines)
 * @param name       human-readable name
 * @param engine     the engine id ({@code espeak}, {@code piper}, …)
 * @param languages  language codes the voice speaks, most specific first (e.g. {@code en-us}, {@code en})
 * @param sampleRate native output rate in Hz
 * @param gender     perceived gender
 * @param licence    licence of the voice data/model (SPDX id or short text)
 */
public record VoiceInfo(String id, String name, String engine, List<String> languages, int sampleRate,
                        Gender gender, String licence) {
    public VoiceInfo {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("voice id must be set");
        languages = List.copyOf(languages);
        if (languages.isEmpty()) throw new IllegalArgumentException("voice " + id + " must speak a language");
    }

    /** The primary language family, e.g. {@code en} for {@code en-us}. */
    public String primaryLanguage() {
        return LanguageCodes.family(languages.getFirst());
    }

    /** Whether this voice speaks the language family of {@code language} (e.g. {@code cs}, {@code en}). */
    public boolean speaks(String language) {
        String family = LanguageCodes.family(language);
        return languages.stream().anyMatch(l -> LanguageCodes.family(l).equals(family));
    }
}
