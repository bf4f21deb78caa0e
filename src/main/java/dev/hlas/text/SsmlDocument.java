package dev.hlas.text;

import java.util.Arrays;
import java.util.List;

/**
 * An SSML input read into plain text plus what its elements ask for. Positions are indices into {@link #text()};
 * {@link #originalIndex(int)} maps one back into the SSML the user sent.
 *
 * @param text       the text to read: element content with runs of whitespace collapsed, {@code <sub>} replaced
 *                   by its alias
 * @param origin     {@code origin[i]}: the input index of {@code text.charAt(i)}; one extra entry, the input length
 * @param language   {@code xml:lang} of {@code <speak>}, or null
 * @param boundaries positions where a sentence must end ({@code <p>}, {@code <s>}, {@code <break>}, {@code <lang>},
 *                   {@code <prosody>})
 * @param breaks     silences asked for
 * @param spans      ranges with a reading of their own
 * @param marks      {@code <mark>} positions
 * @param unknown    names of elements Hlas does not interpret (their text is read), in order of first use
 */
public record SsmlDocument(String text, int[] origin, String language, List<Integer> boundaries, List<Break> breaks,
                           List<Span> spans, List<MarkAt> marks, List<String> unknown) {
    /** What a span asks for. */
    public enum Kind {
        /** {@code <phoneme ph>}: value = IPA. */
        PHONEME,
        /** {@code <say-as interpret-as format>}: value = interpret-as. */
        SAY_AS,
        /** {@code <sub alias>} (already substituted in the text): value = alias, format = what it replaced. */
        SUB,
        /** {@code <lang xml:lang>}: value = the language. */
        LANG,
        /** {@code <prosody rate>}: value = the rate as a multiplier. */
        RATE,
        /** {@code <emphasis>}: value = level. */
        EMPHASIS
    }

    /** Silence of {@code millis} at {@code position}. */
    public record Break(int position, int millis) {
    }

    /** A range {@code [start, end)} of the text and what it asks for. */
    public record Span(int start, int end, Kind kind, String value, String format) {
    }

    /** A named mark at a position. */
    public record MarkAt(int position, String name) {
    }

    public SsmlDocument {
        boundaries = List.copyOf(boundaries);
        breaks = List.copyOf(breaks);
        spans = List.copyOf(spans);
        marks = List.copyOf(marks);
        unknown = List.copyOf(unknown);
        if (origin.length != text.length() + 1) throw new IllegalArgumentException("origin must cover the text");
    }

    /** The input index of the char at {@code index} of the text. */
    public int originalIndex(int index) {
        return origin[Math.max(0, Math.min(index, origin.length - 1))];
    }

    CleanText clean() {
        return new CleanText(text, Arrays.copyOf(origin, origin.length));
    }
}
