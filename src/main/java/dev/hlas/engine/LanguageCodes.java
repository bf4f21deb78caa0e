package dev.hlas.engine;

import java.util.Locale;

/** Small helpers for the language codes engines use ({@code en-us}, {@code en_US}, {@code cs}). */
public final class LanguageCodes {
    private LanguageCodes() {
    }

    /** Normalizes {@code en_US} / {@code EN-us} to {@code en-us}. */
    public static String normalize(String code) {
        return code.trim().replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** The language family: {@code en-gb-x-rp} → {@code en}. */
    public static String family(String code) {
        String n = normalize(code);
        int dash = n.indexOf('-');
        return dash < 0 ? n : n.substring(0, dash);
    }
}
