package dev.hlas.text;

import java.util.List;

/**
 * A sentence with some of its pieces replaced before normalization (lexicon aliases, SSML {@code <say-as>}), and
 * the map from every char of the result back to the piece of the sentence it came from.
 */
final class Rewrite {
    /** Replace {@code [start, end)} of the sentence with {@code text}. */
    record Replacement(int start, int end, String text) {
    }

    private final String text;
    private final int rawLength;
    private final int[] rawStart; // per char of text: first raw char it came from
    private final int[] rawEnd;   // per char of text: just past the last raw char it came from
    private final int[] rewritten; // per raw index (and its length): index in text

    private Rewrite(String text, int rawLength, int[] rawStart, int[] rawEnd, int[] rewritten) {
        this.text = text;
        this.rawLength = rawLength;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
        this.rewritten = rewritten;
    }

    /** {@code raw} with {@code replacements} (in order, not overlapping) applied. */
    static Rewrite of(String raw, List<Replacement> replacements) {
        StringBuilder b = new StringBuilder(raw.length() + 16);
        MarkupStripper.IntList starts = new MarkupStripper.IntList(raw.length() + 16);
        MarkupStripper.IntList ends = new MarkupStripper.IntList(raw.length() + 16);
        int[] rewritten = new int[raw.length() + 1];
        int i = 0;
        for (Replacement r : replacements) {
            for (; i < r.start(); i++) {
                rewritten[i] = b.length();
                b.append(raw.charAt(i));
                starts.add(i);
                ends.add(i + 1);
            }
            int at = b.length();
            for (; i < r.end(); i++) rewritten[i] = at;
            b.append(r.text());
            for (int k = 0; k < r.text().length(); k++) {
                starts.add(r.start());
                ends.add(r.end());
            }
        }
        for (; i < raw.length(); i++) {
            rewritten[i] = b.length();
            b.append(raw.charAt(i));
            starts.add(i);
            ends.add(i + 1);
        }
        rewritten[raw.length()] = b.length();
        return new Rewrite(b.toString(), raw.length(), trim(starts), trim(ends), rewritten);
    }

    private static int[] trim(MarkupStripper.IntList list) {
        int[] out = new int[list.size];
        System.arraycopy(list.data, 0, out, 0, list.size);
        return out;
    }

    String text() {
        return text;
    }

    /** The sentence index the rewritten char at {@code index} came from (the sentence's length at the end). */
    int rawStart(int index) {
        return index < rawStart.length ? rawStart[index] : rawLength;
    }

    /** The sentence end (exclusive) of the rewritten range ending at {@code end}. */
    int rawEnd(int end) {
        return end <= 0 ? 0 : rawEnd[Math.min(end, rawEnd.length) - 1];
    }

    /** Where sentence index {@code rawIndex} is in the rewritten text. */
    int rewritten(int rawIndex) {
        return rewritten[Math.max(0, Math.min(rawIndex, rewritten.length - 1))];
    }
}
