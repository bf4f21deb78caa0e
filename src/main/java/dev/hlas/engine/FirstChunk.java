package dev.hlas.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the first piece of a response is cut, the same rule for every engine (see docs/ENGINES.md, "The first chunk").
 *
 * <p>First audio arrives when the first model run ends, and a run costs about in proportion to its length. With
 * {@link #CLAUSE} (the default), a long first sentence is spoken as two runs: its first clause, streamed as soon as it
 * is ready, and the rest of the sentence, synthesized while the clause plays. Only the first sentence of a response is
 * cut; later sentences are synthesized while earlier ones play, so cutting them would cost prosody for nothing.
 *
 * <p>The rule, on the normalized sentence text: a sentence of at least {@value #MIN_SENTENCE_WORDS} words is cut after
 * the first clause mark ({@code , ; :} ending a word, or a dash standing between words) that has at least
 * {@value #MIN_CLAUSE_WORDS} words before it, at most {@value #MAX_CLAUSE_WORDS}, and at least
 * {@value #MIN_REST_WORDS} after it; with no such mark, after {@value #FALLBACK_WORDS} words. Texts without spaces
 * (scripts that do not separate words) are never cut.
 */
public enum FirstChunk {
    /** Cut a long first sentence after its first clause. */
    CLAUSE,
    /** Synthesize the first sentence whole. */
    SENTENCE;

    public static final int MIN_SENTENCE_WORDS = 12;
    public static final int MIN_CLAUSE_WORDS = 3;
    public static final int MAX_CLAUSE_WORDS = 12;
    public static final int MIN_REST_WORDS = 4;
    public static final int FALLBACK_WORDS = 7;
    private static final String CLAUSE_MARKS = ",;:";
    private static final String DASHES = "-–—";

    /** The option's value ({@code clause|sentence}). */
    public static FirstChunk parse(String value) {
        if (value == null) throw new IllegalArgumentException("first chunk must be clause or sentence");
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "clause" -> CLAUSE;
            case "sentence" -> SENTENCE;
            default -> throw new IllegalArgumentException("first chunk must be clause or sentence: " + value);
        };
    }

    /**
     * The first sentence of a response as the utterances to synthesize, in order: one (the whole sentence) or, with
     * {@link #CLAUSE} and a long sentence, two (the first clause, marked {@link Utterance#clause()}, and the rest).
     */
    public List<Utterance> split(Utterance sentence) {
        // A sentence with given phonemes (a lexicon, SSML) stays whole: its spans belong to the whole text.
        int cut = this == CLAUSE && sentence.phonemes().isEmpty() ? cutPoint(sentence.text()) : -1;
        if (cut < 0) return List.of(sentence);
        String head = sentence.text().substring(0, cut).strip();
        String rest = sentence.text().substring(cut).strip();
        return List.of(new Utterance(head, sentence.language(), true),
                new Utterance(rest, sentence.language(), sentence.clause()));
    }

    /**
     * Where the rule cuts {@code text}: the index just past the first clause (its mark included), or -1 when the text
     * stays whole.
     */
    public static int cutPoint(String text) {
        List<int[]> words = words(text);
        int n = words.size();
        if (n < MIN_SENTENCE_WORDS) return -1;
        for (int i = MIN_CLAUSE_WORDS - 1; i < Math.min(MAX_CLAUSE_WORDS, n - MIN_REST_WORDS); i++) {
            int[] w = words.get(i);
            char last = text.charAt(w[1] - 1);
            if (CLAUSE_MARKS.indexOf(last) >= 0 && w[1] - w[0] > 1) return w[1];
            // "word – word": the dash is its own token; the clause ends after it.
            if (i + 1 < n - MIN_REST_WORDS) {
                int[] next = words.get(i + 1);
                if (next[1] - next[0] <= 2 && isDashes(text, next)) return next[1];
            }
        }
        return n - FALLBACK_WORDS >= MIN_REST_WORDS ? words.get(FALLBACK_WORDS - 1)[1] : -1;
    }

    private static boolean isDashes(String text, int[] w) {
        for (int i = w[0]; i < w[1]; i++) if (DASHES.indexOf(text.charAt(i)) < 0) return false;
        return true;
    }

    /** Whitespace-separated tokens as {@code [start, end)}. */
    private static List<int[]> words(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int len = text.length();
        while (i < len) {
            while (i < len && Character.isWhitespace(text.charAt(i))) i++;
            int start = i;
            while (i < len && !Character.isWhitespace(text.charAt(i))) i++;
            if (i > start) out.add(new int[]{start, i});
        }
        return out;
    }
}
