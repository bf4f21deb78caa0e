package dev.hlas.text;

import java.util.List;

/**
 * How a sentence is to be spoken beyond its text: phonemes given for parts of it, what lexicons and SSML changed,
 * silence after it, its relative rate, marks, and warnings for the request.
 *
 * @param phonemes         pieces with given phonemes, in order, not overlapping
 * @param matches          every lexicon entry and SSML element that changed the reading
 * @param breakAfterMillis silence to add after the sentence (SSML {@code <break>}), 0 = none
 * @param rate             relative speaking rate (SSML {@code <prosody rate>}), 1 = as requested
 * @param marks            SSML marks in the sentence
 * @param warnings         things the request asked for that could not be done exactly (shown in a response header)
 */
public record Delivery(List<GivenPhonemes> phonemes, List<PronunciationMatch> matches, int breakAfterMillis,
                       double rate, List<Mark> marks, List<String> warnings) {
    public static final Delivery NONE = new Delivery(List.of(), List.of(), 0, 1.0, List.of(), List.of());

    public Delivery {
        phonemes = List.copyOf(phonemes);
        matches = List.copyOf(matches);
        marks = List.copyOf(marks);
        warnings = List.copyOf(warnings);
        if (breakAfterMillis < 0) throw new IllegalArgumentException("negative break");
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive");
    }

    /** Everything here that changes the audio, as one string for cache keys. */
    public String audioKey() {
        StringBuilder b = new StringBuilder();
        for (GivenPhonemes p : phonemes) {
            b.append(p.start()).append(',').append(p.end()).append(',').append(p.phonemes()).append(',')
                    .append(p.alias()).append(';');
        }
        return b.append('|').append(breakAfterMillis).append('|').append(rate).toString();
    }

    public Delivery withBreakAfter(int millis) {
        return new Delivery(phonemes, matches, millis, rate, marks, warnings);
    }
}
