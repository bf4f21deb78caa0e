package dev.hlas.text;

/**
 * One pronunciation of a lexicon: a written form and how to say it.
 *
 * @param grapheme      the written form to find (a word or a few words)
 * @param alias         text to read instead (e.g. {@code nginx → engine x}), or null
 * @param phonemes      IPA for engines that take phonemes, or null; at least one of alias and phonemes is set
 * @param caseSensitive whether the grapheme matches only in this exact case (default: any case)
 * @param wholeWord     whether the grapheme matches only as a whole word (default), never inside a longer word
 */
public record LexiconEntry(String grapheme, String alias, String phonemes, boolean caseSensitive, boolean wholeWord) {
    /** Longest grapheme, alias or phoneme string accepted. */
    public static final int MAX_LENGTH = 200;

    public LexiconEntry {
        grapheme = grapheme == null ? null : grapheme.strip();
        alias = blankToNull(alias);
        phonemes = blankToNull(phonemes);
        if (grapheme == null || grapheme.isEmpty()) throw new IllegalArgumentException("an entry needs a grapheme");
        if (alias == null && phonemes == null) {
            throw new IllegalArgumentException("entry '" + grapheme + "' needs an alias or phonemes");
        }
        for (String s : new String[]{grapheme, alias, phonemes}) {
            if (s != null && s.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("entry '" + grapheme.substring(0, Math.min(20, grapheme.length()))
                        + "…' is longer than " + MAX_LENGTH + " characters");
            }
            if (s != null && s.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '<' || c == '>')) {
                throw new IllegalArgumentException("entry '" + grapheme + "' contains a line break or < >");
            }
        }
    }

    /** An alias entry with the defaults: any case, whole word. */
    public static LexiconEntry alias(String grapheme, String alias) {
        return new LexiconEntry(grapheme, alias, null, false, true);
    }

    /** A phoneme entry with the defaults: any case, whole word. */
    public static LexiconEntry phonemes(String grapheme, String ipa) {
        return new LexiconEntry(grapheme, null, ipa, false, true);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
