package dev.hlas.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds lexicon entries in a sentence: leftmost first, the longest grapheme at a position wins, matches never
 * overlap. A whole-word entry matches only between non-word characters (letters and digits are word characters),
 * so {@code ČVUT} is not found in {@code ČVUTem}; case-insensitive entries compare with Unicode case folding per
 * character. When two lexicons have the same grapheme, the one named first in the request wins.
 */
final class LexiconMatcher {
    /** One match: {@code [start, end)} of the searched text. */
    record Hit(int start, int end, LexiconEntry entry, String lexicon) {
    }

    private record Candidate(LexiconEntry entry, String lexicon, int order) {
    }

    private final Map<Character, List<Candidate>> byFirstChar = new HashMap<>();

    LexiconMatcher(List<Lexicon> lexicons, String language) {
        int order = 0;
        for (Lexicon lexicon : lexicons) {
            if (!lexicon.appliesTo(language)) continue;
            for (LexiconEntry e : lexicon.entries()) {
                char first = fold(e.grapheme().charAt(0));
                byFirstChar.computeIfAbsent(first, k -> new ArrayList<>()).add(new Candidate(e, lexicon.name(),
                        order++));
            }
        }
        for (List<Candidate> list : byFirstChar.values()) {
            list.sort(Comparator.comparingInt((Candidate c) -> -c.entry().grapheme().length())
                    .thenComparingInt(Candidate::order));
        }
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    List<Hit> find(String text) {
        List<Hit> hits = new ArrayList<>();
        if (byFirstChar.isEmpty()) return hits;
        int i = 0;
        while (i < text.length()) {
            Hit hit = at(text, i);
            if (hit != null) {
                hits.add(hit);
                i = hit.end();
            } else {
                i++;
            }
        }
        return hits;
    }

    private Hit at(String text, int i) {
        List<Candidate> candidates = byFirstChar.get(fold(text.charAt(i)));
        if (candidates == null) return null;
        boolean wordStart = i == 0 || !isWordChar(text.charAt(i - 1));
        for (Candidate c : candidates) {
            LexiconEntry e = c.entry();
            String g = e.grapheme();
            int end = i + g.length();
            if (end > text.length()) continue;
            if (!text.regionMatches(!e.caseSensitive(), i, g, 0, g.length())) continue;
            if (e.wholeWord() && (!wordStart || end < text.length() && isWordChar(text.charAt(end)))) continue;
            return new Hit(i, end, e, c.lexicon());
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static char fold(char c) {
        return String.valueOf(c).toLowerCase(Locale.ROOT).charAt(0);
    }
}
