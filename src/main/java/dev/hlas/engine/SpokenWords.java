package dev.hlas.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the audio ranges of the words a model spoke (from its durations) into {@link WordMark}s on the utterance
 * text, for engines that phonemize a whole utterance and time its phoneme words (Piper, Kokoro).
 */
public final class SpokenWords {
    private SpokenWords() {
    }

    /**
     * One exact mark per written word when the model spoke as many words as the text has (the usual case). When the
     * phonemizer spoke fewer — espeak-ng joins short function words to their neighbour: "from the" is one spoken word
     * {@code fɹʌmðə} — the joins are placed where the spoken words' lengths best match the written words' lengths
     * ({@link #groups}); a spoken word that stands for one written word keeps its exact mark, and one that stands
     * for several gives an estimated mark over them (spread by letters). When it spoke more words than the text has,
     * one estimated mark covers all the speech.
     *
     * @param spoken {startSample, endSample} of each spoken word, in order
     */
    public static List<WordMark> marks(String text, List<long[]> spoken, long speechStart, long speechEnd) {
        List<int[]> written = written(text);
        if (written.size() == spoken.size()) {
            List<WordMark> marks = new ArrayList<>(written.size());
            for (int i = 0; i < written.size(); i++) {
                marks.add(new WordMark(written.get(i)[0], written.get(i)[1], spoken.get(i)[0],
                        Math.max(spoken.get(i)[0], spoken.get(i)[1]), true));
            }
            return marks;
        }
        if (!spoken.isEmpty() && spoken.size() < written.size()) {
            int[] first = groups(text, written, spoken);
            List<WordMark> marks = new ArrayList<>(spoken.size());
            for (int j = 0; j < spoken.size(); j++) {
                int from = first[j];
                int to = j + 1 < spoken.size() ? first[j + 1] : written.size();
                marks.add(new WordMark(written.get(from)[0], written.get(to - 1)[1], spoken.get(j)[0],
                        Math.max(spoken.get(j)[0], spoken.get(j)[1]), to - from == 1));
            }
            return marks;
        }
        return List.of(new WordMark(0, text.length(), speechStart, Math.max(speechStart, speechEnd), false));
    }

    /**
     * Words a phonemizer joins to the word after them, written in lower case (a capital letter inside a sentence is
     * rather spelled out, like the {@code A} of {@code A M}): one-letter words (Czech and Slovak prepositions), and the
     * English function words espeak-ng reads unstressed together with what follows ("from the", "was a", "of the").
     */
    private static final Set<String> JOINED_TO_NEXT = Set.of("the", "a", "an", "of", "to", "from", "on", "in", "at",
            "for", "was", "is", "and", "or", "with", "by", "as", "were", "be", "but", "it", "that", "than", "its",
            "his", "her", "our", "their", "your", "my", "into", "onto", "upon");

    /**
     * Which written words each spoken word stands for, when there are fewer spoken words: the first written word of
     * each spoken word's run. Chosen by dynamic programming over all ways to cut the written words into that many
     * consecutive runs, minimizing, per run, the squared log ratio of its spoken length to its letters (both
     * relative to the whole sentence), plus a penalty for every word of a run of several, but its last, that
     * phonemizers do not join to the next ({@link #JOINED_TO_NEXT}).
     */
    static int[] groups(String text, List<int[]> written, List<long[]> spoken) {
        int w = written.size();
        int n = spoken.size();
        double[] letters = new double[w + 1]; // prefix sums
        for (int i = 0; i < w; i++) letters[i + 1] = letters[i] + (written.get(i)[1] - written.get(i)[0]);
        double totalTime = 0;
        for (long[] s : spoken) totalTime += Math.max(1, s[1] - s[0]);
        double perLetter = totalTime / Math.max(1, letters[w]);
        double[][] cost = new double[n + 1][w + 1];
        int[][] from = new int[n + 1][w + 1];
        for (double[] row : cost) Arrays.fill(row, Double.POSITIVE_INFINITY);
        cost[0][0] = 0;
        for (int j = 1; j <= n; j++) {
            double time = Math.max(1, spoken.get(j - 1)[1] - spoken.get(j - 1)[0]);
            for (int b = j; b <= w - (n - j); b++) {
                for (int a = j - 1; a < b; a++) {
                    if (cost[j - 1][a] == Double.POSITIVE_INFINITY) continue;
                    double ratio = Math.log(time / (perLetter * Math.max(1, letters[b] - letters[a])));
                    double c = cost[j - 1][a] + ratio * ratio;
                    for (int k = a; k < b - 1; k++) {
                        String word = text.substring(written.get(k)[0], written.get(k)[1]);
                        if (k == 0) word = word.toLowerCase(Locale.ROOT); // capitalized for the sentence only
                        boolean joins = word.length() == 1 && Character.isLowerCase(word.charAt(0))
                                || JOINED_TO_NEXT.contains(word);
                        if (!joins) c += 2;
                    }
                    if (c < cost[j][b]) {
                        cost[j][b] = c;
                        from[j][b] = a;
                    }
                }
            }
        }
        int[] first = new int[n];
        for (int j = n, b = w; j > 0; j--) {
            first[j - 1] = from[j][b];
            b = from[j][b];
        }
        return first;
    }

    /** Runs of letters, digits and marks, with inner apostrophes and hyphens, as {start, end}. */
    public static List<int[]> written(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length()) {
                int c = text.codePointAt(i);
                if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
                    i += Character.charCount(c);
                } else if ((c == '\'' || c == '’' || c == '-') && i + 1 < text.length()
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
}
