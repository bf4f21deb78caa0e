package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SSML {@code <say-as>}: rewrites the element's text into a form the language's normalizer reads the requested
 * way, so Czech ordinals and dates keep their case and agreement ({@code ve <say-as interpret-as="ordinal">3
 * </say-as> patře} → <i>ve třetím patře</i>).
 */
final class SayAs {
    /** Czech names of the letters with diacritics (the plain ones are the normalizer's). */
    private static final Map<Character, String> CZECH_LETTERS = Map.ofEntries(Map.entry('á', "dlouhé á"),
            Map.entry('č', "čé"), Map.entry('ď', "ďé"), Map.entry('é', "dlouhé é"), Map.entry('ě', "ije"),
            Map.entry('í', "dlouhé í"), Map.entry('ň', "eň"), Map.entry('ó', "dlouhé ó"), Map.entry('ř', "eř"),
            Map.entry('š', "eš"), Map.entry('ť', "ťé"), Map.entry('ú', "dlouhé ú"), Map.entry('ů', "ů s kroužkem"),
            Map.entry('ý', "dlouhé ypsilon"), Map.entry('ž', "žet"));

    private SayAs() {
    }

    /**
     * The text to normalize instead of {@code content}, or null when {@code interpretAs} is not supported or the
     * content does not fit it (then the content is read as written).
     */
    static String render(String interpretAs, String format, String content, String language) {
        boolean czech = Lexicon.family(language).equals("cs");
        String digits = content.replaceAll("[^0-9]", "");
        return switch (interpretAs == null ? "" : interpretAs.strip().toLowerCase(Locale.ROOT)) {
            case "characters", "spell-out", "letters", "verbatim" -> spell(content, czech);
            case "cardinal", "number" -> digits.isEmpty() ? null
                    : (content.strip().startsWith("-") ? "-" : "") + digits.replaceFirst("^0+(?=.)", "");
            case "ordinal" -> digits.isEmpty() ? null : ordinal(digits.replaceFirst("^0+(?=.)", ""), czech);
            case "date" -> date(content, format, czech);
            case "time" -> content;
            case "telephone" -> telephone(content, czech);
            default -> null;
        };
    }

    private static String spell(String content, boolean czech) {
        String letters = content.replaceAll("[\\s.\\-]", "");
        if (letters.isEmpty()) return null;
        if (czech) {
            StringBuilder b = new StringBuilder();
            for (char ch : letters.toLowerCase(Locale.ROOT).toCharArray()) {
                if (!b.isEmpty()) b.append(' ');
                String name = CZECH_LETTERS.get(ch);
                b.append(name != null ? name : CzechNormalizer.spell(String.valueOf(ch)));
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        for (char ch : letters.toCharArray()) {
            if (!b.isEmpty()) b.append(' ');
            b.append(Character.isDigit(ch) ? Spellout.english(ch - '0', "%spellout-cardinal")
                    : String.valueOf(ch).toUpperCase(Locale.ROOT));
        }
        return b.toString();
    }

    private static String ordinal(String n, boolean czech) {
        if (czech) return n + ".";
        int last2 = Integer.parseInt(n.length() > 2 ? n.substring(n.length() - 2) : n);
        String suffix = last2 % 100 >= 11 && last2 % 100 <= 13 ? "th"
                : switch (last2 % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** Day, month and year from the content in {@code format}'s order ({@code dmy} by default in Czech, {@code mdy}
     * in English; {@code ymd}, {@code dm}, {@code md} too), written the way the normalizer reads dates. */
    private static String date(String content, String format, boolean czech) {
        String[] parts = content.strip().split("[^0-9]+");
        List<Integer> numbers = new ArrayList<>();
        for (String p : parts) if (!p.isEmpty() && p.length() <= 4) numbers.add(Integer.parseInt(p));
        String f = format == null || format.isBlank() ? (numbers.size() == 3 && parts[0].length() == 4 ? "ymd"
                : czech ? "dmy" : "mdy") : format.strip().toLowerCase(Locale.ROOT);
        if (f.length() != numbers.size() || !f.matches("[dmy]+")) return null;
        Integer d = null;
        Integer m = null;
        Integer y = null;
        for (int i = 0; i < f.length(); i++) {
            switch (f.charAt(i)) {
                case 'd' -> d = numbers.get(i);
                case 'm' -> m = numbers.get(i);
                default -> y = numbers.get(i);
            }
        }
        if (m != null && (m < 1 || m > 12) || d != null && (d < 1 || d > 31)) return null;
        if (czech) {
            String[] months = {"ledna", "února", "března", "dubna", "května", "června", "července", "srpna",
                    "září", "října", "listopadu", "prosince"};
            StringBuilder b = new StringBuilder();
            if (d != null) b.append(d).append(". ");
            if (m != null) b.append(d != null ? months[m - 1] : String.valueOf(m));
            if (y != null) b.append(b.isEmpty() ? "" : " ").append(y);
            return b.toString().strip();
        }
        String[] months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"};
        StringBuilder b = new StringBuilder();
        if (m != null) b.append(months[m - 1]);
        if (d != null) b.append(b.isEmpty() ? "" : " ").append(ordinal(String.valueOf(d), false));
        if (y != null) b.append(b.isEmpty() ? "" : ", ").append(y);
        return b.toString();
    }

    /** Czech: each group as a number; English: digit by digit, zero as "oh". Groups are separated by a pause. */
    private static String telephone(String content, boolean czech) {
        String[] groups = content.strip().replace("+", "plus ").split("[^0-9a-z]+");
        StringBuilder b = new StringBuilder();
        for (String g : groups) {
            if (g.isEmpty()) continue;
            if (!b.isEmpty()) b.append(", ");
            if (g.equals("plus")) {
                b.append("plus");
                continue;
            }
            if (czech) {
                b.append(g.startsWith("0") ? DigitWords.czech(g) : g);
            } else {
                for (int i = 0; i < g.length(); i++) {
                    if (i > 0) b.append(' ');
                    char ch = g.charAt(i);
                    b.append(ch == '0' ? "oh" : Spellout.english(ch - '0', "%spellout-cardinal"));
                }
            }
        }
        return b.isEmpty() ? null : b.toString().replace("plus, ", "plus ");
    }
}
