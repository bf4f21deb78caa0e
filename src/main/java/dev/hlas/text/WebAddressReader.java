package dev.hlas.text;

import java.util.Map;

/**
 * Reads e-mail addresses and URLs aloud by parts in one language's words: the scheme, query and fragment of a URL
 * are dropped, symbols are named ({@code .} dot / tečka), and each name between them is read by a language rule
 * (spelled, read as a number, or left as a word).
 */
final class WebAddressReader {
    /** How one part between symbols is spoken. */
    @FunctionalInterface
    interface PartReader {
        /**
         * @param part           the text between symbols, e.g. {@code www}, {@code example}, {@code cz}, {@code 2024}
         * @param topLevelDomain whether it is the last part of a name and follows a dot (a country or generic domain)
         */
        String read(String part, boolean topLevelDomain);
    }

    private final Map<String, String> symbols;
    private final PartReader parts;

    /** @param symbols words for {@code . / - _ @} */
    WebAddressReader(Map<String, String> symbols, PartReader parts) {
        for (String s : new String[]{".", "/", "-", "_", "@"}) {
            if (!symbols.containsKey(s)) throw new IllegalArgumentException("no word for '" + s + "'");
        }
        this.symbols = Map.copyOf(symbols);
        this.parts = parts;
    }

    String email(String address) {
        int at = address.indexOf('@');
        return read(address.substring(0, at)) + " " + symbols.get("@") + " " + read(address.substring(at + 1));
    }

    String url(String url) {
        String u = url.replaceFirst("^https?://", "");
        int cut = u.length();
        for (char ch : new char[]{'?', '#'}) {
            int k = u.indexOf(ch);
            if (k >= 0) cut = Math.min(cut, k);
        }
        u = u.substring(0, cut);
        if (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return read(u);
    }

    /** Reads a host or path by parts: symbols named, the parts between them read by the language rule. */
    String read(String s) {
        StringBuilder b = new StringBuilder();
        String[] tokens = s.split("(?<=[./@_-])|(?=[./@_-])");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) continue;
            String spoken = symbols.get(t);
            if (spoken == null) {
                boolean tld = i == tokens.length - 1 && i > 0 && tokens[i - 1].equals(".");
                spoken = parts.read(t, tld);
            }
            if (!b.isEmpty()) b.append(' ');
            b.append(spoken);
        }
        return b.toString();
    }
}
