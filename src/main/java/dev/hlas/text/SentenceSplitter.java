package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds sentence boundaries in cleaned text.
 *
 * <p>Why not ICU's BreakIterator alone: it cuts after "např.", "Dr.", "21." before a month and inside initials, and
 * it knows nothing about lines. The rules here, in order: a line break always ends a sentence (headings, list items,
 * chat lines); {@code !} and {@code ?} followed by a space end one; a full stop or ellipsis followed by a space ends
 * one unless a lower-case word follows, the word before it is a known abbreviation, an initial ({@code J.}) or a
 * number followed by another number ({@code 21. 11. 2026}). A full stop not followed by a space (decimals, URLs,
 * {@code e.g.,}) never ends a sentence. Sentences longer than the limit are cut at the last clause boundary
 * ({@code ; : , –}) before it, else at a space.
 *
 * <p>Linear in the input; allocation is one int pair per sentence. Thread-safe (stateless).
 */
final class SentenceSplitter {
    private final int maxChars;

    /** @param maxChars longest sentence handed to an engine; longer ones are cut at clause boundaries */
    SentenceSplitter(int maxChars) {
        if (maxChars < 20) throw new IllegalArgumentException("maxChars must be at least 20");
        this.maxChars = maxChars;
    }

    /** @return {@code [start, end)} pairs into {@code text}, trimmed, in order; only ranges with a letter or digit */
    List<int[]> split(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                emit(text, start, i, out);
                start = i + 1;
            } else if (c == '.' || c == '!' || c == '?' || c == '…') {
                int j = i + 1;
                while (j < n && isTrailing(text.charAt(j))) j++;
                if (j < n && text.charAt(j) != ' ' && text.charAt(j) != '\t' && text.charAt(j) != '\u00A0'
                        && text.charAt(j) != '\n') {
                    continue;
                }
                if (endsHere(text, i, j)) {
                    emit(text, start, j, out);
                    start = j;
                    i = j - 1;
                } else {
                    i = j - 1;
                }
            }
        }
        emit(text, start, n, out);
        return out;
    }

    private static boolean isTrailing(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '"' || c == '\'' || c == ')' || c == ']'
                || c == '”' || c == '“' || c == '’' || c == '»' || c == '«' || c == '‘';
    }

    /** Decides a boundary at terminator {@code i}, whose trailing punctuation ends before {@code j}. */
    private static boolean endsHere(String text, int i, int j) {
        int k = j;
        while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '\t' || text.charAt(k) == '\u00A0')) k++;
        if (k >= text.length() || text.charAt(k) == '\n') return true;
        char next = text.charAt(k);
        char c = text.charAt(i);
        if (Character.isLowerCase(next)) return false;
        if (c == '!' || c == '?') return true;
        boolean ellipsis = c == '…' || i > 0 && text.charAt(i - 1) == '.' || i + 1 < j && text.charAt(i + 1) == '.';
        if (ellipsis) return true;
        String word = wordBefore(text, i);
        if (word.isEmpty()) return true;
        if (Character.isDigit(next)) {
            return !(isDigits(word) || Abbreviations.neverFinal(word) || Abbreviations.maybeFinal(word));
        }
        if (Abbreviations.neverFinal(word)) return false;
        if (Abbreviations.maybeFinal(word)) return Character.isUpperCase(next) ? true : false;
        if (isInitial(word)) return false;
        return true;
    }

    private static String wordBefore(String text, int i) {
        int s = i;
        while (s > 0) {
            char p = text.charAt(s - 1);
            if (Character.isWhitespace(p) || p == '(' || p == '"' || p == '„' || p == '“' || p == '[') break;
            s--;
        }
        return text.substring(s, i);
    }

    private static boolean isDigits(String w) {
        if (w.isEmpty()) return false;
        for (int i = 0; i < w.length(); i++) if (!Character.isDigit(w.charAt(i))) return false;
        return true;
    }

    /** {@code J}, {@code R.R}, {@code U.S}: single letters joined by dots. */
    private static boolean isInitial(String w) {
        for (int i = 0; i < w.length(); i++) {
            char ch = w.charAt(i);
            boolean letterSlot = i % 2 == 0;
            if (letterSlot ? !(Character.isLetter(ch) && Character.isUpperCase(ch)) : ch != '.') return false;
        }
        return w.length() % 2 == 1;
    }

    private void emit(String text, int from, int to, List<int[]> out) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        if (from >= to || !hasWordChar(text, from, to)) return;
        while (to - from > maxChars) {
            int cut = clauseCut(text, from, from + maxChars);
            int e = cut;
            while (e > from && Character.isWhitespace(text.charAt(e - 1))) e--;
            if (hasWordChar(text, from, e)) out.add(new int[]{from, e});
            from = cut;
            while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        }
        if (from < to && hasWordChar(text, from, to)) out.add(new int[]{from, to});
    }

    /** Best cut at or before {@code limit}: after the last clause punctuation, else at the last space. */
    private static int clauseCut(String text, int from, int limit) {
        int minimum = from + (limit - from) / 3;
        for (int i = limit - 1; i > minimum; i--) {
            char c = text.charAt(i);
            if ((c == ';' || c == ':' || c == ',' || c == '–' || c == '—') && i + 1 < text.length()
                    && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 1;
            }
        }
        for (int i = limit - 1; i > from; i--) if (Character.isWhitespace(text.charAt(i))) return i;
        return limit;
    }

    private static boolean hasWordChar(String text, int from, int to) {
        for (int i = from; i < to; i++) if (Character.isLetterOrDigit(text.charAt(i))) return true;
        return false;
    }
}
