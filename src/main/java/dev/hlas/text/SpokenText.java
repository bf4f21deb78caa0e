package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a normalized sentence piece by piece while recording, for each piece, the source range it replaced
 * (indices into the normalizer's input). Collapses runs of spaces and puts a space between a spelled-out
 * replacement and a neighbouring word, so rules never need to think about spacing.
 */
final class SpokenText {
    private final StringBuilder text = new StringBuilder(128);
    private final List<int[]> spans = new ArrayList<>(); // {start, end, srcStart, srcEnd}
    private boolean spaceBeforeNextWord;

    /** Copies one source char verbatim. */
    void copy(char c, int src) {
        if (Character.isWhitespace(c)) {
            if (text.isEmpty() || text.charAt(text.length() - 1) == ' ') return;
            c = ' ';
        } else if (spaceBeforeNextWord && Character.isLetterOrDigit(c)) {
            appendRaw(" ", src, src);
        }
        spaceBeforeNextWord = false;
        int at = text.length();
        text.append(c);
        int[] last = spans.isEmpty() ? null : spans.getLast();
        if (last != null && last[1] == at && last[3] == src && last[1] - last[0] == last[3] - last[2]) {
            last[1]++;
            last[3]++;
        } else {
            spans.add(new int[]{at, at + 1, src, src + 1});
        }
    }

    /** Appends spoken words that replace source {@code [srcStart, srcEnd)}. */
    void say(String words, int srcStart, int srcEnd) {
        if (words.isEmpty()) return;
        if (!text.isEmpty()) {
            char last = text.charAt(text.length() - 1);
            if (last != ' ' && (Character.isLetterOrDigit(last) || Character.isLetterOrDigit(words.charAt(0)))
                    && last != '(' && last != '„' && last != '"') {
                appendRaw(" ", srcStart, srcStart);
            }
        }
        appendRaw(words, srcStart, srcEnd);
        spaceBeforeNextWord = true;
    }

    private void appendRaw(String s, int srcStart, int srcEnd) {
        int at = text.length();
        text.append(s);
        spans.add(new int[]{at, text.length(), srcStart, srcEnd});
    }

    /** The last whole word written so far (lower-case), or "" . */
    String lastWord() {
        int e = text.length();
        while (e > 0 && !Character.isLetterOrDigit(text.charAt(e - 1))) e--;
        int s = e;
        while (s > 0 && Character.isLetter(text.charAt(s - 1))) s--;
        return text.substring(s, e).toLowerCase(Locale.ROOT);
    }

    /** Whether only spaces follow the last word (nothing like a comma between it and what comes next). */
    boolean lastWordIsAdjacent() {
        int e = text.length();
        while (e > 0 && text.charAt(e - 1) == ' ') e--;
        return e > 0 && Character.isLetter(text.charAt(e - 1));
    }

    /** Turns a trailing one-letter preposition {@code v/s/z/k} into {@code ve/se/ze/ke}. */
    void vocalizeLastWord() {
        int e = text.length();
        while (e > 0 && text.charAt(e - 1) == ' ') e--;
        text.insert(e, 'e');
        for (int[] span : spans) {
            if (span[0] >= e) {
                span[0]++;
                span[1]++;
            } else if (span[1] >= e) {
                span[1]++;
            }
        }
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** The finished text (trimmed) and its spans, shifted so they index the trimmed text. */
    Normalized finish() {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') end--;
        List<int[]> kept = new ArrayList<>(spans.size());
        for (int[] s : spans) {
            if (s[0] >= end) continue;
            kept.add(new int[]{s[0], Math.min(s[1], end), s[2], s[3]});
        }
        return new Normalized(text.substring(0, end), kept);
    }

    /** A normalizer's result: text and spans {start, end, srcStart, srcEnd}. */
    record Normalized(String text, List<int[]> spans) {
    }
}
