package dev.hlas.batch;

/**
 * What a renderer tells about the audio it wrote.
 *
 * @param voice      voices that spoke, comma-separated
 * @param language   languages spoken, comma-separated
 * @param duration   seconds of audio, or {@code null} when not known
 * @param characters the input's length in code points
 */
public record Rendered(String voice, String language, Double duration, int characters) {
}
