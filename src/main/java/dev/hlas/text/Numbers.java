package dev.hlas.text;

/** Parsing helpers shared by the normalizers. */
final class Numbers {
    private Numbers() {
    }

    /** Parses digits (separators already removed); -1 when too long to speak as one number. */
    static long parse(String digits) {
        if (digits.isEmpty() || digits.length() > 15) return -1;
        return Long.parseLong(digits);
    }
}
