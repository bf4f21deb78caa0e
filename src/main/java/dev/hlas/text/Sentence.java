package dev.hlas.text;

import java.util.List;

/**
 * One sentence ready for a voice: the text to speak (normalized), its language, and where it came from.
 *
 * @param text     the text to speak
 * @param language language code the sentence is in ({@code cs}, {@code en}, …)
 * @param start    offset of the sentence's first char in the original input (UTF-16 index)
 * @param end      offset just past its last char in the original input
 * @param spans    offset map: every piece of {@code text} and the part of the original input it came from, in
 *                 order (word timestamps use it to point back into what the user wrote)
 * @param decision how {@code language} was chosen (confidence and what decided)
 * @param delivery phonemes given, lexicon and SSML matches, breaks, rate, marks ({@link Delivery#NONE} for plain text)
 */
public record Sentence(String text, String language, int start, int end, List<TextSpan> spans,
                       LanguageDecision decision, Delivery delivery) {
    public Sentence {
        if (delivery == null) delivery = Delivery.NONE;
        if (text == null || text.isBlank()) throw new IllegalArgumentException("sentence text must not be blank");
        if (start < 0 || end < start) throw new IllegalArgumentException("bad offsets " + start + ".." + end);
        spans = spans == null || spans.isEmpty() ? List.of(new TextSpan(0, text.length(), start, end))
                : List.copyOf(spans);
        if (decision == null && language != null) {
            decision = LanguageDecision.given(language, LanguageDecision.Source.REQUEST);
        }
        if (decision != null && !decision.language().equals(language)) {
            throw new IllegalArgumentException("decision " + decision.language() + " is not the language " + language);
        }
    }

    /** A sentence read as written: no phonemes given, no break, the requested rate. */
    public Sentence(String text, String language, int start, int end, List<TextSpan> spans,
                    LanguageDecision decision) {
        this(text, language, start, end, spans, decision, Delivery.NONE);
    }

    /** A sentence whose language was given rather than detected. */
    public Sentence(String text, String language, int start, int end, List<TextSpan> spans) {
        this(text, language, start, end, spans, null, Delivery.NONE);
    }

    /** A sentence whose text maps as a whole onto {@code [start, end)} of the input. */
    public Sentence(String text, String language, int start, int end) {
        this(text, language, start, end, null, null, Delivery.NONE);
    }

    /**
     * Where the normalized text range {@code [from, to)} came from in the original input.
     *
     * @return {@code [originalStart, originalEnd]} of the smallest original range covering every span it touches
     */
    public int[] originalRange(int from, int to) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (TextSpan s : spans) {
            boolean touches = s.start() < to && s.end() > from || s.start() == s.end() && s.start() >= from
                    && s.start() < to;
            if (touches) {
                lo = Math.min(lo, s.originalStart());
                hi = Math.max(hi, s.originalEnd());
            }
        }
        return hi < 0 ? new int[]{start, start} : new int[]{lo, hi};
    }
}
