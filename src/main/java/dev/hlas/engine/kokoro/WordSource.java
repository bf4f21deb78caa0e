package dev.hlas.engine.kokoro;

import java.util.Locale;

/** Where the phonemes of one word came from in Kokoro's English G2P ({@code /v1/audio/phonemes} shows it). */
public enum WordSource {
    /** A pronunciation lexicon entry (wins over everything else). */
    LEXICON,
    /** misaki's hand-checked gold dictionary. */
    GOLD,
    /** misaki's larger silver dictionary. */
    SILVER,
    /** A rule over dictionary entries: suffixes ({@code -s -ed -ing}), spelled-out acronyms, function words. */
    RULE,
    /** espeak-ng, mapped to Kokoro's symbols (no dictionary knows the word, or no dictionaries are installed). */
    ESPEAK;

    /** The name on the wire: {@code gold}, {@code silver}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
