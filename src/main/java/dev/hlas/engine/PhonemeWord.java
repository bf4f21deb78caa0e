package dev.hlas.engine;

/**
 * How one word of a sentence was read, for engines that can tell ({@code /v1/audio/phonemes}).
 *
 * @param text     the word as written
 * @param phonemes its phonemes, or null when the engine phonemized the sentence as a whole
 * @param source   where the phonemes came from, engine-specific (Kokoro: {@code gold}, {@code silver},
 *                 {@code rule}, {@code espeak}, {@code lexicon})
 */
public record PhonemeWord(String text, String phonemes, String source) {
}
