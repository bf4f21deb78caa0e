package dev.hlas.text;

/** Digit-by-digit reading (leading zeros, long codes). */
final class DigitWords {
    private static final String[] CS = {"nula", "jedna", "dva", "tři", "čtyři", "pět", "šest", "sedm", "osm", "devět"};

    private DigitWords() {
    }

    static String czech(String digits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (!b.isEmpty()) b.append(' ');
            b.append(CS[digits.charAt(i) - '0']);
        }
        return b.toString();
    }
}
