package dev.hlas.speech;

import java.util.List;

/**
 * When one sentence of a response is heard, and its words.
 *
 * @param index     0-based position in the response
 * @param text      the sentence as it was written (a slice of the input)
 * @param start     seconds from the start of the response's audio: its first word's start (its audio's start
 *                  when it has no words)
 * @param end       its last word's end (its audio's end when it has no words); silence after it is not included
 * @param charStart UTF-16 offset of the sentence in the input
 * @param charEnd   offset just past it
 * @param language  the language it was read in
 * @param voice     the voice that read it
 * @param words     its words in order
 * @param marks     the SSML marks in it, in order (empty for plain text)
 */
public record SentenceTiming(int index, String text, double start, double end, int charStart, int charEnd,
                             String language, String voice, List<SpokenWord> words, List<MarkTiming> marks) {
    public SentenceTiming {
        words = List.copyOf(words);
        marks = marks == null ? List.of() : List.copyOf(marks); // null: stored before marks were timed
    }

    /** A sentence without marks. */
    public SentenceTiming(int index, String text, double start, double end, int charStart, int charEnd,
                          String language, String voice, List<SpokenWord> words) {
        this(index, text, start, end, charStart, charEnd, language, voice, words, List.of());
    }
}
