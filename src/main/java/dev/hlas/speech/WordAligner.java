package dev.hlas.speech;

import dev.hlas.engine.WordMark;
import dev.hlas.text.Mark;
import dev.hlas.text.Sentence;
import dev.hlas.text.TextSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what an engine reported about one sentence's audio ({@link WordMark}s over the normalized text) into words of
 * the user's text with absolute times.
 *
 * <ol>
 *   <li>The normalized text is cut into words (runs of letters and digits, with inner apostrophes and hyphens).</li>
 *   <li>Each mark gives its audio to the words it overlaps, split by their length in letters; a word timed alone by
 *       an exact mark is exact, every other word is estimated. Words no mark touches share the gap between their
 *       neighbours. An engine that reported nothing gets one estimated mark over the voiced part of its audio.</li>
 *   <li>Words are mapped back through the sentence's offset map; neighbours that came from overlapping pieces of the
 *       input (the two spoken words of {@code 21.}), or that only dots join there ({@code U.S.}), become one word
 *       with its original text.</li>
 * </ol>
 */
final class WordAligner {
    private WordAligner() {
    }

    /**
     * @param input        the request's input, which the sentence's offsets index
     * @param marks        what the engine reported, in any order
     * @param voicedStart  first sample above the noise floor (used when there are no marks)
     * @param voicedEnd    just past the last such sample
     * @param rate         the samples' rate
     * @param offset       seconds of response audio before the sentence's first sample
     */
    static SentenceTiming align(int index, Sentence sentence, String voice, String input, List<WordMark> marks,
                                long voicedStart, long voicedEnd, int rate, double offset) {
        String text = sentence.text();
        List<int[]> pieces = pieces(text);
        int n = pieces.size();
        double[] ps = new double[n];
        double[] pe = new double[n];
        boolean[] assigned = new boolean[n];
        boolean[] exact = new boolean[n];
        List<WordMark> all = marks.isEmpty()
                ? List.of(new WordMark(0, text.length(), voicedStart, Math.max(voicedStart, voicedEnd), false))
                : marks;
        for (WordMark m : all) spread(m, pieces, ps, pe, assigned, exact);
        fillGaps(pieces, ps, pe, assigned, voicedStart, voicedEnd);
        List<SpokenWord> words = new ArrayList<>();
        int i = 0;
        double lastStart = 0;
        double lastEnd = 0;
        while (i < n) {
            int[] range = original(sentence, input, pieces.get(i));
            int lo = range[0];
            int hi = range[1];
            int j = i + 1;
            while (j < n) {
                int[] next = original(sentence, input, pieces.get(j));
                boolean overlaps = next[0] < hi && lo < next[1] || next[0] == lo && next[1] == hi;
                if (!overlaps && !dotted(input, hi, next[0])) break;
                lo = Math.min(lo, next[0]);
                hi = Math.max(hi, next[1]);
                j++;
            }
            double start = offset + min(ps, i, j) / rate;
            double end = offset + max(pe, i, j) / rate;
            start = Math.max(start, lastStart);
            end = Math.max(end, start);
            boolean estimated = false;
            for (int k = i; k < j; k++) estimated |= !exact[k];
            String spoken = text.substring(pieces.get(i)[0], pieces.get(j - 1)[1]);
            String word = input != null && hi <= input.length() && lo < hi ? input.substring(lo, hi) : spoken;
            words.add(new SpokenWord(word, spoken, round(start), round(end), lo, hi, estimated));
            lastStart = start;
            lastEnd = Math.max(lastEnd, end);
            i = j;
        }
        double sentenceStart = words.isEmpty() ? offset + voicedStart / (double) rate : words.getFirst().start();
        double sentenceEnd = words.isEmpty() ? offset + voicedEnd / (double) rate
                : words.stream().mapToDouble(SpokenWord::end).max().orElse(sentenceStart);
        String written = input != null && sentence.end() <= input.length()
                ? input.substring(sentence.start(), sentence.end()) : text;
        return new SentenceTiming(index, written, round(sentenceStart), round(Math.max(sentenceStart, sentenceEnd)),
                sentence.start(), sentence.end(), sentence.language(), voice, words,
                marks(index, sentence, words, round(sentenceStart)));
    }

    /**
     * When each SSML mark of the sentence is reached: the start of the first word at or after it in the input, else
     * the end of the last word (a mark after the sentence's last word), else the sentence's start. Words are compared
     * by their offsets in the input, so the time sits between the very words a reader sees around the mark.
     */
    static List<MarkTiming> marks(int index, Sentence sentence, List<SpokenWord> words, double sentenceStart) {
        List<Mark> marks = sentence.delivery().marks();
        if (marks.isEmpty()) return List.of();
        List<MarkTiming> out = new ArrayList<>(marks.size());
        for (Mark m : marks) {
            double time = sentenceStart;
            SpokenWord before = null;
            SpokenWord after = null;
            for (SpokenWord w : words) {
                if (w.charStart() >= m.originalOffset()) {
                    after = w;
                    break;
                }
                before = w;
            }
            if (after != null) {
                time = before == null ? after.start() : Math.max(before.end(), after.start());
            } else if (before != null) {
                time = before.end();
            }
            out.add(new MarkTiming(m.name(), time, m.originalOffset(), index));
        }
        return out;
    }

    /**
     * Where a normalized word came from in the input. The part of an offset-map piece that reads the same as its
     * source (a verbatim run, or the unchanged words before and after a replacement inside one piece) maps char by
     * char, so those words keep their own spans; the part that differs (a number read out, an abbreviation
     * expanded) maps as a whole. Two texts of the same length are not taken to be the same: {@code "ten A M on the "}
     * comes from {@code "10 a.m. on the "}, and only {@code " on the "} is verbatim.
     */
    static int[] original(Sentence sentence, String input, int[] piece) {
        String text = sentence.text();
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (TextSpan s : sentence.spans()) {
            if (!(s.start() < piece[1] && s.end() > piece[0])) continue;
            int length = s.end() - s.start();
            int sourceLength = s.originalEnd() - s.originalStart();
            int from = Math.max(piece[0], s.start()) - s.start();
            int to = Math.min(piece[1], s.end()) - s.start();
            int prefix;
            int suffix;
            if (input == null || s.originalEnd() > input.length() || s.end() > text.length()) {
                prefix = length == sourceLength ? length : 0; // no source to compare with: trust the lengths
                suffix = 0;
            } else {
                String spoken = text.substring(s.start(), s.end());
                String source = input.substring(s.originalStart(), s.originalEnd());
                prefix = commonPrefix(spoken, source);
                suffix = prefix == length && length == sourceLength ? 0
                        : commonSuffix(spoken, source, Math.min(length, sourceLength) - prefix);
            }
            if (to <= prefix) { // inside the verbatim start
                lo = Math.min(lo, s.originalStart() + from);
                hi = Math.max(hi, s.originalStart() + to);
            } else if (from >= length - suffix) { // inside the verbatim end
                lo = Math.min(lo, s.originalEnd() - (length - from));
                hi = Math.max(hi, s.originalEnd() - (length - to));
            } else { // touches the replaced middle: all of it
                lo = Math.min(lo, s.originalStart() + Math.min(from, prefix));
                hi = Math.max(hi, s.originalEnd() - Math.min(length - to, suffix));
            }
        }
        return hi < 0 ? sentence.originalRange(piece[0], piece[1]) : new int[]{lo, hi};
    }

    /** Chars both start with, cut back to a word boundary in both (so "Doctor" and "Dr." share nothing). */
    private static int commonPrefix(String a, String b) {
        int n = 0;
        int max = Math.min(a.length(), b.length());
        while (n < max && a.charAt(n) == b.charAt(n)) n++;
        while (n > 0 && (n < a.length() && midWord(a, n) || n < b.length() && midWord(b, n))) n--;
        return n;
    }

    /** Chars both end with (at most {@code max}), cut back to a word boundary in both. */
    private static int commonSuffix(String a, String b, int max) {
        int n = 0;
        while (n < max && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) n++;
        while (n > 0 && (n < a.length() && midWord(a, a.length() - n)
                || n < b.length() && midWord(b, b.length() - n))) {
            n--;
        }
        return n;
    }

    /** Whether only dots join two words in the input, as in {@code U.S.}: one written word. */
    private static boolean dotted(String input, int from, int to) {
        if (input == null || from >= to || to > input.length()) return false;
        for (int k = from; k < to; k++) if (input.charAt(k) != '.') return false;
        return from > 0 && Character.isLetter(input.charAt(from - 1)) && Character.isLetter(input.charAt(to));
    }

    /** Whether a cut before index {@code i} would split a word. */
    private static boolean midWord(String s, int i) {
        return i > 0 && i < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
                && Character.isLetterOrDigit(s.charAt(i));
    }

    /** Times to the microsecond: enough for any frame, short in JSON. */
    private static double round(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }

    /** The words of a normalized text as {from, to}. */
    static List<int[]> pieces(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!Character.isLetterOrDigit(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            int start = i;
            while (i < n) {
                int cp = text.codePointAt(i);
                if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                    i += Character.charCount(cp);
                } else if ((cp == '\'' || cp == '’' || cp == '-') && i + 1 < n
                        && Character.isLetterOrDigit(text.codePointAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            out.add(new int[]{start, i});
        }
        return out;
    }

    private static int weight(int[] piece) {
        return Math.max(1, piece[1] - piece[0]);
    }

    private static void spread(WordMark m, List<int[]> pieces, double[] ps, double[] pe, boolean[] assigned,
                               boolean[] exact) {
        List<Integer> covered = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int[] p = pieces.get(i);
            if (!assigned[i] && p[0] < m.end() && p[1] > m.start()) covered.add(i);
        }
        if (covered.isEmpty()) return;
        double total = 0;
        for (int i : covered) total += weight(pieces.get(i));
        double t = m.startSample();
        double span = m.endSample() - m.startSample();
        for (int i : covered) {
            ps[i] = t;
            t += span * weight(pieces.get(i)) / total;
            pe[i] = t;
            assigned[i] = true;
            exact[i] = m.exact() && covered.size() == 1;
        }
    }

    /** Words no mark touched share the time between their timed neighbours (the voiced bounds at the ends). */
    private static void fillGaps(List<int[]> pieces, double[] ps, double[] pe, boolean[] assigned, long voicedStart,
                                 long voicedEnd) {
        int n = pieces.size();
        int i = 0;
        while (i < n) {
            if (assigned[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && !assigned[j]) j++;
            double lo = i > 0 ? pe[i - 1] : Math.min(voicedStart, j < n ? ps[j] : voicedStart);
            double hi = j < n ? ps[j] : Math.max(lo, voicedEnd);
            if (hi < lo) hi = lo;
            double total = 0;
            for (int k = i; k < j; k++) total += weight(pieces.get(k));
            double t = lo;
            for (int k = i; k < j; k++) {
                ps[k] = t;
                t += (hi - lo) * weight(pieces.get(k)) / total;
                pe[k] = t;
            }
            i = j;
        }
    }

    private static double min(double[] v, int from, int to) {
        double m = Double.MAX_VALUE;
        for (int k = from; k < to; k++) m = Math.min(m, v[k]);
        return m;
    }

    private static double max(double[] v, int from, int to) {
        double m = 0;
        for (int k = from; k < to; k++) m = Math.max(m, v[k]);
        return m;
    }
}
