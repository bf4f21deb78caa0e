package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * The shared engine of the per-language normalizers: walks a sentence once and, at each word start, tries the
 * language's rules in order; the first rule whose pattern matches there and that accepts the match speaks it,
 * everything else is copied verbatim.
 *
 * <p>Rules are tried only where they can start (a digit, a letter, or a symbol), so a sentence costs a handful of
 * anchored regex attempts per token: well under the 1 ms per sentence budget. Patterns are compiled once; matchers
 * are created per call, so a normalizer is thread-safe.
 */
abstract class RuleNormalizer {
    /** Where a rule can start. */
    enum Start { DIGIT, LETTER, SYMBOL }

    /** Speaks one match; returns false to decline (the next rule is tried). */
    @FunctionalInterface
    interface Action {
        boolean apply(Matcher m, Context ctx);
    }

    /** @param requires chars one of which the sentence must contain for the rule to be tried at all, or null */
    record Rule(String name, Start start, String requires, Pattern pattern, Action action) {
        boolean applicable(String s) {
            if (requires == null) return true;
            for (int i = 0; i < requires.length(); i++) if (s.indexOf(requires.charAt(i)) >= 0) return true;
            return false;
        }
    }

    /** What a rule sees: the sentence, the output so far, and helpers to look around the match. */
    static final class Context {
        final String s;
        final SpokenText out;

        Context(String s, SpokenText out) {
            this.s = s;
            this.out = out;
        }

        /** The next word (letters only) starting at or after {@code from}, skipping spaces; "" if none. */
        String wordAfter(int from) {
            int i = from;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\u00A0')) i++;
            int b = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            return s.substring(b, i);
        }

        /** The word after the word after {@code from}. */
        String secondWordAfter(int from) {
            int i = from;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\u00A0')) i++;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            return wordAfter(i);
        }

        /** The word just before {@code at} in the source (letters only), or "". */
        String wordBefore(int at) {
            int i = at;
            while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\u00A0')) i--;
            int e = i;
            while (i > 0 && Character.isLetter(s.charAt(i - 1))) i--;
            return s.substring(i, e);
        }

        /**
         * Whether one of {@code cues} (lower-case words) is among the {@code words} words before {@code at}, looking
         * back over punctuation ("tel.: 603…") but not past another number.
         */
        boolean cueBefore(int at, Set<String> cues, int words) {
            int i = at;
            for (int w = 0; w < words; w++) {
                while (i > 0 && !Character.isLetter(s.charAt(i - 1))) {
                    if (Character.isDigit(s.charAt(i - 1))) return false;
                    i--;
                }
                int e = i;
                while (i > 0 && Character.isLetter(s.charAt(i - 1))) i--;
                if (i == e) return false;
                if (cues.contains(lower(s.substring(i, e)))) return true;
            }
            return false;
        }

        /** Whether a lower-case word that is not one of {@code functionWords} follows {@code end}: a counted noun. */
        boolean nounAfter(int end, Set<String> functionWords) {
            if (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '\u00A0') return false;
            String next = wordAfter(end);
            return !next.isEmpty() && Character.isLowerCase(next.charAt(0)) && !functionWords.contains(next);
        }

        void say(String words, Matcher m) {
            char first = s.charAt(m.start());
            if (out.isEmpty() && (Character.isUpperCase(first) || !Character.isLetter(first)) && !words.isEmpty()) {
                words = Character.toUpperCase(words.charAt(0)) + words.substring(1); // sentence start stays capital
            }
            out.say(words, m.start(), m.end());
        }
    }

    private final List<Rule> digitRules = new ArrayList<>();
    private final List<Rule> letterRules = new ArrayList<>();
    private final List<Rule> symbolRules = new ArrayList<>();

    protected final void rule(String name, Start start, String regex, Action action) {
        rule(name, start, null, regex, action);
    }

    /** A rule tried only in sentences containing one of {@code requires} (a cheap pre-filter for rare rules). */
    protected final void rule(String name, Start start, String requires, String regex, Action action) {
        Rule r = new Rule(name, start, requires, Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), action);
        switch (start) {
            case DIGIT -> digitRules.add(r);
            case LETTER -> letterRules.add(r);
            case SYMBOL -> symbolRules.add(r);
        }
    }

    /** Normalizes one sentence (already stripped of markup). */
    final SpokenText.Normalized normalize(String s) {
        SpokenText out = new SpokenText();
        Context ctx = new Context(s, out);
        int n = s.length();
        Matcher[] cache = new Matcher[digitRules.size() + letterRules.size() + symbolRules.size()];
        boolean[] skip = new boolean[cache.length];
        int k = 0;
        for (List<Rule> list : List.of(digitRules, letterRules, symbolRules)) {
            for (Rule r : list) skip[k++] = !r.applicable(s);
        }
        int i = 0;
        outer:
        while (i < n) {
            char c = s.charAt(i);
            boolean wordStart = i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
            if ((wordStart || !Character.isLetterOrDigit(c)) && !Character.isWhitespace(c)) {
                List<Rule> rules;
                int base;
                if (Character.isDigit(c)) {
                    rules = digitRules;
                    base = 0;
                } else if (Character.isLetter(c)) {
                    rules = letterRules;
                    base = digitRules.size();
                } else {
                    rules = symbolRules;
                    base = digitRules.size() + letterRules.size();
                }
                for (int r = 0; r < rules.size(); r++) {
                    if (skip[base + r]) continue;
                    Matcher m = cache[base + r];
                    if (m == null) {
                        m = rules.get(r).pattern().matcher(s);
                        m.useTransparentBounds(true);
                        m.useAnchoringBounds(false);
                        cache[base + r] = m;
                    }
                    m.region(i, n);
                    if (m.lookingAt() && m.end() > i && rules.get(r).action().apply(m, ctx)) {
                        if (s.charAt(m.end() - 1) == '.' && endsSentence(s, m.end())) out.copy('.', m.end() - 1);
                        i = m.end();
                        continue outer;
                    }
                }
                if (Character.isLetterOrDigit(c)) {
                    // copy the whole word so no rule fires inside it
                    while (i < n && Character.isLetterOrDigit(s.charAt(i))) out.copy(s.charAt(i), i++);
                    continue;
                }
            }
            out.copy(c, i);
            i++;
        }
        return out.finish();
    }

    /** Whether only closing punctuation and spaces follow {@code from}: a swallowed full stop must be kept. */
    private static boolean endsSentence(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && "\"'”“»)]".indexOf(c) < 0) return false;
        }
        return true;
    }

    /** Lower-case letters of a word, for table lookups. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Digits of a number written with any thousands separator (",", " ", NBSP, ".") removed. */
    static String digitsOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) b.append(s.charAt(i));
        return b.toString();
    }

    /** Roman numeral value, or -1 when {@code s} is not a canonical roman numeral. */
    static int roman(String s) {
        int total = 0;
        int prev = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            int v = switch (s.charAt(i)) {
                case 'I' -> 1;
                case 'V' -> 5;
                case 'X' -> 10;
                case 'L' -> 50;
                case 'C' -> 100;
                case 'D' -> 500;
                case 'M' -> 1000;
                default -> -1;
            };
            if (v < 0) return -1;
            if (v < prev) total -= v;
            else {
                total += v;
                prev = v;
            }
        }
        return total > 0 && total < 4000 && toRoman(total).equals(s) ? total : -1;
    }

    private static String toRoman(int n) {
        int[] values = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        String[] symbols = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            while (n >= values[i]) {
                b.append(symbols[i]);
                n -= values[i];
            }
        }
        return b.toString();
    }
}
