package dev.hlas.stt;

/**
 * One segment of a transcript, as the recognizer cut it.
 *
 * @param id    index from 0
 * @param start seconds from the start of the audio
 * @param end   seconds from the start of the audio, never before {@code start}
 * @param text  the segment's text as decoded (Whisper starts words with a space)
 */
public record Segment(int id, double start, double end, String text) {
}
