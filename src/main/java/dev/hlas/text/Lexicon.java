package dev.hlas.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A named set of pronunciations for one language (or every language, when {@code language} is null).
 *
 * @param name     {@code [a-z0-9][a-z0-9_-]*}, at most 64 characters: the file name and the name requests use
 * @param language language family it applies to ({@code cs}, {@code en}), or null for sentences in any language
 * @param entries  the pronunciations, in the order given
 */
public record Lexicon(String name, String language, List<LexiconEntry> entries) {
    public static final int MAX_ENTRIES = 10_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    public Lexicon {
        if (!validName(name)) {
            throw new IllegalArgumentException("lexicon names are 1–64 of a-z 0-9 _ - starting with a letter or digit: "
                    + name);
        }
        if (language != null && (language.isBlank() || language.equals("*") || language.equalsIgnoreCase("und"))) {
            language = null;
        }
        if (language != null) {
            language = family(language);
            if (!LANGUAGE.matcher(language).matches()) throw new IllegalArgumentException("bad language: " + language);
        }
        entries = List.copyOf(entries == null ? List.of() : entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a lexicon holds at most " + MAX_ENTRIES + " entries");
        }
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether this lexicon applies to a sentence in {@code sentenceLanguage}. */
    public boolean appliesTo(String sentenceLanguage) {
        return language == null || language.equals(family(sentenceLanguage));
    }

    /**
     * A short digest of the content (name, language, every entry): it changes whenever the lexicon does, and is
     * what cached audio is keyed on.
     */
    public String version() {
        StringBuilder b = new StringBuilder();
        b.append(name).append('\u0000').append(language).append('\u0000');
        for (LexiconEntry e : entries) {
            b.append(e.grapheme()).append('\u0001').append(e.alias()).append('\u0001').append(e.phonemes())
                    .append('\u0001').append(e.caseSensitive()).append('\u0001').append(e.wholeWord()).append('\u0000');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Language codes down to their family: {@code cs-CZ}, {@code cs_CZ}, {@code CS} → {@code cs}. */
    static String family(String code) {
        String c = code.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = c.indexOf('-');
        return dash < 0 ? c : c.substring(0, dash);
    }
}
