package dev.hlas.text;

/**
 * An SSML {@code <mark name>}: a named point in a sentence, reported with its time where timestamps are produced.
 *
 * @param name           the mark's name
 * @param offset         position in the sentence's text (UTF-16)
 * @param originalOffset position in the request's input
 */
public record Mark(String name, int offset, int originalOffset) {
}
