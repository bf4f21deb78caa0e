package dev.hlas.text;

/**
 * One piece of the offset map: the normalized text {@code [start, end)} was produced from the original input
 * {@code [originalStart, originalEnd)}. Offsets are UTF-16 indices.
 *
 * @param start         first char of the piece in the normalized sentence text
 * @param end           just past its last char in the normalized sentence text
 * @param originalStart first char of its source in the original request input
 * @param originalEnd   just past its source in the original request input
 */
public record TextSpan(int start, int end, int originalStart, int originalEnd) {
    public TextSpan {
        if (start < 0 || end < start || originalStart < 0 || originalEnd < originalStart) {
            throw new IllegalArgumentException("bad span " + start + ".." + end + " ← " + originalStart + ".."
                    + originalEnd);
        }
    }
}
