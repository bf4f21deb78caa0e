package dev.hlas.text;

/**
 * A piece of a sentence whose pronunciation is given as phonemes (a lexicon entry or SSML {@code <phoneme>}):
 * engines that take phonemes speak {@code phonemes} there instead of phonemizing the text; the others read
 * {@code alias} when there is one, else the text as written (and the request is warned).
 *
 * @param start    first char in the sentence's text
 * @param end      just past the last char
 * @param phonemes IPA
 * @param alias    text to read on engines without phoneme input, or null
 * @param source   where it came from: {@code lexicon:<name>} or {@code ssml}
 */
public record GivenPhonemes(int start, int end, String phonemes, String alias, String source) {
    public GivenPhonemes {
        if (start < 0 || end <= start) throw new IllegalArgumentException("bad range " + start + ".." + end);
        if (phonemes == null || phonemes.isBlank()) throw new IllegalArgumentException("phonemes must be set");
    }
}
