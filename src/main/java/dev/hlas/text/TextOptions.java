package dev.hlas.text;

import java.util.List;

/**
 * What a request adds to the plain text front-end.
 *
 * @param lexicons pronunciation lexicons to apply, in priority order (the first one with a grapheme wins)
 * @param ssml     true: the input is SSML; false: plain text (a {@code <speak>} tag is markup to strip); null: SSML
 *                 when it starts with a {@code <speak>} root
 */
public record TextOptions(List<Lexicon> lexicons, Boolean ssml) {
    public static final TextOptions NONE = new TextOptions(List.of(), null);

    public TextOptions {
        lexicons = List.copyOf(lexicons == null ? List.of() : lexicons);
    }
}
