package dev.hlas.stt;

/**
 * One word with its time span.
 *
 * @param word  the word without surrounding spaces
 * @param start seconds from the start of the audio
 * @param end   seconds from the start of the audio
 */
public record Word(String word, double start, double end) {
}
