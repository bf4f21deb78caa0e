package dev.hlas.text;

/**
 * Input text with markup and emoji removed, remembering for every remaining char where it was in the original.
 *
 * @param text   the cleaned text (lines end with {@code \n})
 * @param origin {@code origin[i]} is the original index of {@code text.charAt(i)}; {@code origin[text.length()]}
 *               is the original length
 */
record CleanText(String text, int[] origin) {
    /** Original index for a clean index (clamped). */
    int originalIndex(int cleanIndex) {
        return origin[Math.max(0, Math.min(cleanIndex, origin.length - 1))];
    }

    /** Original end (exclusive) for a clean end index: just past the original of the last included char. */
    int originalEnd(int cleanEnd) {
        if (cleanEnd <= 0) return origin[0];
        return origin[Math.min(cleanEnd, origin.length - 1) - 1] + 1;
    }
}
