package dev.hlas.engine.supertonic;

import dev.hlas.engine.LanguageCodes;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Supertonic 2/3 text preprocessing (see docs/ENGINES.md, "Supertonic"): Unicode NFKD, emoji removal, typographic
 * replacements, spacing fixes, a final full stop when the text has no closing punctuation, and the
 * {@code <lang>…</lang>} wrapping the multilingual models need.
 *
 * <p>NFKD splits Czech letters into base letter + combining mark ({@code ř} → {@code r} + U+030C); the model's
 * indexer knows the combining marks, so the diacritics survive as separate tokens. Czech quotation marks
 * ({@code „…“}, {@code ‚…‘}) are turned into ASCII quotes like the English curly ones, so they are read as quotes
 * rather than dropped as unknown characters.
 *
 * <p>One deliberate difference from upstream: a space before an apostrophe is kept. Upstream removes it, which glues
 * an opening single quote to the previous word ({@code It's 'fine'} → {@code It's'fine'}).
 */
public final class SupertonicText {
    /** Languages Supertonic 3 was trained on; Czech and English first. */
    public static final List<String> LANGUAGES = List.of("cs", "en", "ko", "ja", "ar", "bg", "da", "de", "el", "es",
            "et", "fi", "fr", "hi", "hr", "hu", "id", "it", "lt", "lv", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv",
            "tr", "uk", "vi");
    /** The language-agnostic tag, for text in a language the model was not trained on. */
    public static final String AGNOSTIC = "na";

    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile(" +([,.!?;:])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String CLOSERS = ".!?;:,'\")]}…。」』】〉》›»";

    private SupertonicText() {
    }

    /** The tag for a language code: its family when Supertonic 3 knows it ({@code en-us} → {@code en}), else {@code na}. */
    public static String languageTag(String language) {
        String family = LanguageCodes.family(language);
        return LANGUAGES.contains(family) ? family : AGNOSTIC;
    }

    /** Preprocesses {@code text} and wraps it in the language tag, ready for the indexer. */
    public static String prepare(String text, String language) {
        String tag = languageTag(language);
        return "<" + tag + ">" + preprocess(text) + "</" + tag + ">";
    }

    /** The preprocessing without the tags. */
    public static String preprocess(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD);
        s = removeEmoji(s);
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u2013', '\u2011', '\u2014' -> b.append('-');
                case '_', '[', ']', '|', '/', '#', '\u2192', '\u2190' -> b.append(' ');
                case '\u201C', '\u201D', '\u201E' -> b.append('"');
                case '\u2018', '\u2019', '\u201A', '\u00B4', '`' -> b.append('\'');
                case '\u2665', '\u2606', '\u2661', '\u00A9', '\\' -> { }
                case '@' -> b.append(" at ");
                default -> b.append(c);
            }
        }
        s = b.toString().replace("e.g.,", "for example, ").replace("i.e.,", "that is, ");
        s = SPACE_BEFORE_PUNCT.matcher(s).replaceAll("$1");
        while (s.contains("\"\"")) s = s.replace("\"\"", "\"");
        while (s.contains("''")) s = s.replace("''", "'");
        s = WHITESPACE.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty() || CLOSERS.indexOf(s.charAt(s.length() - 1)) < 0) s = s + ".";
        return s;
    }

    private static String removeEmoji(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isEmoji(cp)).forEach(b::appendCodePoint);
        return b.toString();
    }

    static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF);
    }
}
