package dev.hlas.engine;

/**
 * A piece of an utterance whose phonemes are given (from a pronunciation lexicon or SSML): a voice that
 * {@link EngineVoice#takesPhonemes() takes phonemes} speaks {@code phonemes} for {@code [start, end)} of the text
 * instead of phonemizing those characters.
 *
 * @param start    first char in the utterance's text
 * @param end      just past the last char
 * @param phonemes IPA, as the espeak-ng based phonemizers write it
 */
public record PhonemeSpan(int start, int end, String phonemes) {
    public PhonemeSpan {
        if (start < 0 || end <= start) throw new IllegalArgumentException("bad range " + start + ".." + end);
        if (phonemes == null || phonemes.isBlank()) throw new IllegalArgumentException("phonemes must be set");
    }
}
