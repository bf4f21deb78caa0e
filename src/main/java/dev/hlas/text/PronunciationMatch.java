package dev.hlas.text;

/**
 * Where a lexicon entry or an SSML element changed how a sentence is read, for {@code /v1/text/analyze} and
 * {@code /v1/audio/phonemes}.
 *
 * @param source        {@code lexicon:<name>} or {@code ssml:<element>}
 * @param grapheme      the text that matched, as written in the input
 * @param alias         the text read instead, or null
 * @param phonemes      the phonemes given, or null
 * @param originalStart first char of the match in the request's input (UTF-16)
 * @param originalEnd   just past it
 */
public record PronunciationMatch(String source, String grapheme, String alias, String phonemes, int originalStart,
                                 int originalEnd) {
}
