package dev.hlas.engine.kokoro;

import java.util.Optional;

/**
 * Pronunciations that win over misaki's dictionaries and espeak-ng for Kokoro voices: the hook a pronunciation
 * lexicon plugs into. Asked once per written word (as the text spells it, e.g. {@code Hlas} or {@code Kokoro's});
 * an answer is used as it is and reported with source {@link WordSource#LEXICON}.
 */
@FunctionalInterface
public interface KokoroWordOverrides {
    /** No overrides. */
    KokoroWordOverrides NONE = (word, language) -> Optional.empty();

    /**
     * @param word     the word as written
     * @param language the English variant being spoken
     * @return the word's phonemes in Kokoro's symbols, or empty to let misaki decide
     */
    Optional<String> phonemes(String word, KokoroLanguage language);
}
