package dev.hlas.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * English reading rules: numbers with {@code ,} thousands and {@code .} decimals, ordinals, years, dates, times,
 * money, percent, units, abbreviations, roman numerals, URLs and e-mail addresses. Number words come from ICU.
 */
final class EnglishNormalizer extends RuleNormalizer {
    /** E-mail addresses and URLs: "ann at mail dot org"; short country domains and www spelled. */
    private static final WebAddressReader WEB = new WebAddressReader(
            Map.of(".", "dot", "/", "slash", "-", "dash", "_", "underscore", "@", "at"),
            (part, topLevelDomain) -> {
                if (part.equalsIgnoreCase("www") || (topLevelDomain && part.length() <= 2)) return spell(part);
                if (part.chars().allMatch(Character::isDigit)) return number(part);
                return part;
            });

    static final EnglishNormalizer INSTANCE = new EnglishNormalizer();

    private static final String NUM = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
    private static final String MONTH = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
            + "|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    private static final String TLD = "com|org|net|io|cz|sk|de|eu|uk|gov|edu|info|dev|app|ai|co|us|at|fr|pl";
    private static final Set<String> YEAR_CUES = Set.of("in", "since", "by", "of", "from", "until", "till", "to",
            "year", "before", "after", "around", "during", "circa", "and", "summer", "winter", "spring", "autumn",
            "fall", "early", "late", "mid", "class", "est", "ca", "established", "founded", "built", "born");
    private static final Set<String> COUNTING_WORDS = Set.of("war", "chapter", "part", "volume", "vol", "act",
            "scene", "book", "section", "article", "phase", "level", "class", "type", "stage", "round", "episode",
            "appendix", "schedule", "annex", "grade", "category", "apollo", "gemini");
    /** unit → {singular, plural} */
    private static final Map<String, String[]> UNITS = Map.ofEntries(
            Map.entry("°C", new String[]{"degree Celsius", "degrees Celsius"}),
            Map.entry("°F", new String[]{"degree Fahrenheit", "degrees Fahrenheit"}),
            Map.entry("°", new String[]{"degree", "degrees"}),
            Map.entry("km/h", new String[]{"kilometer per hour", "kilometers per hour"}),
            Map.entry("kph", new String[]{"kilometer per hour", "kilometers per hour"}),
            Map.entry("mph", new String[]{"mile per hour", "miles per hour"}),
            Map.entry("m/s", new String[]{"meter per second", "meters per second"}),
            Map.entry("km", new String[]{"kilometer", "kilometers"}),
            Map.entry("m", new String[]{"meter", "meters"}),
            Map.entry("cm", new String[]{"centimeter", "centimeters"}),
            Map.entry("mm", new String[]{"millimeter", "millimeters"}),
            Map.entry("mi", new String[]{"mile", "miles"}),
            Map.entry("ft", new String[]{"foot", "feet"}),
            Map.entry("kg", new String[]{"kilogram", "kilograms"}),
            Map.entry("g", new String[]{"gram", "grams"}),
            Map.entry("mg", new String[]{"milligram", "milligrams"}),
            Map.entry("lb", new String[]{"pound", "pounds"}),
            Map.entry("lbs", new String[]{"pound", "pounds"}),
            Map.entry("oz", new String[]{"ounce", "ounces"}),
            Map.entry("l", new String[]{"liter", "liters"}),
            Map.entry("L", new String[]{"liter", "liters"}),
            Map.entry("ml", new String[]{"milliliter", "milliliters"}),
            Map.entry("h", new String[]{"hour", "hours"}),
            Map.entry("hr", new String[]{"hour", "hours"}),
            Map.entry("hrs", new String[]{"hours", "hours"}),
            Map.entry("min", new String[]{"minute", "minutes"}),
            Map.entry("s", new String[]{"second", "seconds"}),
            Map.entry("sec", new String[]{"second", "seconds"}),
            Map.entry("ms", new String[]{"millisecond", "milliseconds"}),
            Map.entry("KB", new String[]{"kilobyte", "kilobytes"}),
            Map.entry("kB", new String[]{"kilobyte", "kilobytes"}),
            Map.entry("MB", new String[]{"megabyte", "megabytes"}),
            Map.entry("GB", new String[]{"gigabyte", "gigabytes"}),
            Map.entry("TB", new String[]{"terabyte", "terabytes"}),
            Map.entry("Hz", new String[]{"hertz", "hertz"}),
            Map.entry("kHz", new String[]{"kilohertz", "kilohertz"}),
            Map.entry("MHz", new String[]{"megahertz", "megahertz"}),
            Map.entry("GHz", new String[]{"gigahertz", "gigahertz"}),
            Map.entry("W", new String[]{"watt", "watts"}),
            Map.entry("kW", new String[]{"kilowatt", "kilowatts"}),
            Map.entry("kWh", new String[]{"kilowatt hour", "kilowatt hours"}),
            Map.entry("V", new String[]{"volt", "volts"}),
            Map.entry("mAh", new String[]{"milliamp hour", "milliamp hours"}),
            Map.entry("tsp", new String[]{"teaspoon", "teaspoons"}),
            Map.entry("tbsp", new String[]{"tablespoon", "tablespoons"}));
    private static final String UNIT_RE = "°C|°F|km/h|kph|mph|m/s|kWh|mAh|kHz|MHz|GHz|Hz|kW|KB|kB|MB|GB|TB|km|cm|mm"
            + "|mg|kg|lbs|lb|oz|ml|mi|ft|hrs|hr|min|sec|tbsp|tsp|ms|°|m|g|l|L|h|s|W|V";
    /** Words that, a few words before 555-0123, make it a phone number rather than a range. */
    private static final Set<String> PHONE_CUES = Set.of("call", "phone", "tel", "telephone", "dial", "text", "fax",
            "number", "mobile", "cell", "ring", "contact", "reach", "hotline", "line", "at", "ext");
    private static final Set<String> SERVICE_NUMBERS = Set.of("911", "999", "112", "111", "211", "311", "411", "511",
            "811", "988", "101", "000");
    private static final Map<String, String> CURRENCY_SYMBOL = Map.of("$", "dollar", "€", "euro", "£", "pound",
            "USD", "dollar", "EUR", "euro", "GBP", "pound", "CZK", "koruna", "Kč", "koruna");

    private EnglishNormalizer() {
        rule("email", Start.LETTER, "@", "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", (m, c) -> say(c, m, WEB.email(m.group())));
        rule("url", Start.LETTER, ".", "(?:https?://|www\\.)[^\\s]+?(?=[.,;:!?)\"]*(?:\\s|$))"
                + "|[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:" + TLD + ")(?:/[^\\s]*?)?(?=[.,;:!?)\"]*(?:\\s|$))",
                (m, c) -> say(c, m, WEB.url(m.group())));
        rule("phone", Start.SYMBOL, "+", "\\+(\\d{1,3})(?:[ \\u00A0-]\\(?\\d{1,4}\\)?){2,5}(?!\\d)", (m, c) -> say(c, m, phone(m.group())));
        rule("iso-date", Start.DIGIT, "-", "(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)", (m, c) -> date(c, m,
                m.group(3), m.group(2), m.group(1)));
        rule("us-date", Start.DIGIT, "/", "(\\d{1,2})/(\\d{1,2})/(\\d{4})(?!\\d)", (m, c) -> date(c, m,
                m.group(2), m.group(1), m.group(3)));
        rule("month-day", Start.LETTER, "(" + MONTH + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?"
                + "(?![\\d:.,]\\d)(?!\\w)", (m, c) -> monthDate(c, m, m.group(1), m.group(2), m.group(3)));
        rule("day-month", Start.DIGIT, "(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(" + MONTH + ")\\.?(?:,?\\s+(\\d{4}))?"
                + "(?!\\w)", (m, c) -> m.group().contains(" of ")
                ? say(c, m, Spellout.english(Integer.parseInt(m.group(1)), "%spellout-ordinal") + " of "
                        + fullMonth(m.group(2)) + (m.group(3) == null ? "" : " " + year(m.group(3))))
                : monthDate(c, m, m.group(2), m.group(1), m.group(3)));
        rule("time", Start.DIGIT, ":", "(\\d{1,2}):(\\d{2})(?::\\d{2})?(?:\\s?([ap])\\.?m(?:\\.(?=\\s*\\S))?(?!\\w)|\\s?([AP])M\\b)?",
                (m, c) -> time(c, m));
        rule("phone-paren", Start.SYMBOL, "(", "\\((\\d{3})\\)[ \\u00A0]?(\\d{3})[-. \\u00A0](\\d{4})(?!\\d)",
                (m, c) -> say(c, m, phoneDigits(m.group(1) + " " + m.group(2) + " " + m.group(3))));
        rule("phone-local", Start.DIGIT, "\\d{3}([-.])\\d{3}\\1\\d{4}(?!\\d|[-.]\\d)"
                + "|0\\d{2,4}[ \\u00A0]\\d{3,4}[ \\u00A0]\\d{3,4}(?!\\d|[ \\u00A0]\\d)|0\\d{4}[ \\u00A0]\\d{6}(?!\\d|[ \\u00A0]\\d)"
                + "|[1-9]\\d{2}[ \\u00A0]\\d{3}[ \\u00A0]\\d{3,4}(?!\\d|[ \\u00A0]\\d)|(\\d{3})-(\\d{4})(?!\\d|-\\d)"
                + "|(\\d{3})(?![\\d\\w]|[-.,:/]\\d)", (m, c) -> {
            if (m.group(4) != null) {
                // "call 911", "dial 999": the well-known service numbers, right after the verb
                String verb = lower(c.wordBefore(m.start()));
                boolean afterVerb = verb.equals("call") || verb.equals("dial") || verb.equals("ring");
                if (!afterVerb || !SERVICE_NUMBERS.contains(m.group(4))) return false;
            } else if (m.group().indexOf(' ') > 0 && m.group().charAt(0) != '0'
                    && !c.cueBefore(m.start(), PHONE_CUES, 4)) {
                // "100 000 000" in SI style and "603 123 456 people" are numbers; a bare 3-3-4 group is a phone
                if (m.group().endsWith("000") || c.nounAfter(m.end(), Set.of())) return false;
            } else if (m.group(2) != null) {
                // 555-0123 is a phone number; 500-1000 and "100-2000 people" are ranges
                boolean cue = c.cueBefore(m.start(), PHONE_CUES, 3);
                boolean round = m.group(2).endsWith("0") && m.group(3).endsWith("0");
                if (!cue && (round || c.nounAfter(m.end(), Set.of()))) return false;
            }
            return say(c, m, phoneDigits(m.group()));
        });
        rule("hour-ampm", Start.DIGIT, "apAP", "(\\d{1,2})\\s?(?:([ap])\\.?m(?:\\.(?=\\s*\\S))?(?!\\w)|([AP])M\\b)", (m, c) -> {
            int h = Integer.parseInt(m.group(1));
            if (h < 1 || h > 12) return false;
            String ap = (m.group(2) != null ? m.group(2) : m.group(3)).toUpperCase(Locale.ROOT);
            return say(c, m, cardinal(h) + " " + ap + " M");
        });
        rule("decade", Start.DIGIT, "s", "(1\\d|20)?(\\d)0'?s(?!\\w)", (m, c) -> say(c, m, decade(m)));
        rule("fraction", Start.DIGIT, "/", "(?<![/\\d])(?:(\\d{1,2})[ \\u00A0])?(\\d{1,4})/(\\d{1,4})(?!\\d|/\\d|[.,]\\d)",
                (m, c) -> fraction(c, m, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        rule("fraction-char-mixed", Start.DIGIT, CzechNormalizer.FRACTION_CHARS, "(\\d{1,2})[ \\u00A0]?(["
                + CzechNormalizer.FRACTION_CHARS + "])", (m, c) -> fraction(c, m, m.group(1),
                CzechNormalizer.FRACTIONS.get(m.group(2).charAt(0))[0], CzechNormalizer.FRACTIONS.get(m.group(2).charAt(0))[1]));
        rule("fraction-char", Start.SYMBOL, CzechNormalizer.FRACTION_CHARS, "[" + CzechNormalizer.FRACTION_CHARS + "]",
                (m, c) -> fraction(c, m, null, CzechNormalizer.FRACTIONS.get(m.group().charAt(0))[0],
                        CzechNormalizer.FRACTIONS.get(m.group().charAt(0))[1]));
        rule("money-prefix", Start.SYMBOL, "$€£", "([-−])?([$€£])\\s?(" + NUM + ")(?:\\s?(thousand|million|billion|trillion"
                + "|[kKMB]|bn)(?!\\w))?", (m, c) -> money(c, m, m.group(2), m.group(3), m.group(4), m.group(1) != null));
        rule("money-suffix", Start.DIGIT, "UEGCK€$", "(" + NUM + ")\\s?(USD|EUR|GBP|CZK|Kč|€|\\$)(?!\\w)",
                (m, c) -> money(c, m, m.group(2), m.group(1), null, false));
        rule("percent", Start.DIGIT, "%", "(" + NUM + ")\\s?%", (m, c) -> say(c, m, number(m.group(1)) + " percent"));
        rule("neg-percent", Start.SYMBOL, "%", "[-−](" + NUM + ")\\s?%",
                (m, c) -> say(c, m, "minus " + number(m.group(1)) + " percent"));
        rule("unit", Start.DIGIT, "(" + NUM + ")\\s?(" + UNIT_RE + ")(?![\\w/])", (m, c) -> unit(c, m, false));
        rule("neg-unit", Start.SYMBOL, "-−", "[-−](" + NUM + ")\\s?(" + UNIT_RE + ")(?![\\w/])", (m, c) -> unit(c, m, true));
        rule("ordinal", Start.DIGIT, "(\\d{1,9})(st|nd|rd|th)(?!\\w)", (m, c) ->
                say(c, m, Spellout.english(Long.parseLong(m.group(1)), "%spellout-ordinal")));
        rule("year-range", Start.DIGIT, "-–", "(1[1-9]\\d\\d|20\\d\\d)\\s?[–-]\\s?(1[1-9]\\d\\d|20\\d\\d)(?![\\d.,]\\d)",
                (m, c) -> say(c, m, year(m.group(1)) + " to " + year(m.group(2))));
        rule("range", Start.DIGIT, "-–", "(" + NUM + ")\\s?[–-]\\s?(" + NUM + ")(?![\\d.,]\\d)(?!-)",
                (m, c) -> say(c, m, number(m.group(1)) + " to " + number(m.group(2))));
        rule("year", Start.DIGIT, "(1[1-9]\\d\\d|20\\d\\d)(?![\\d.,]\\d)(?!\\w)", (m, c) -> {
            String before = lower(c.wordBefore(m.start()));
            int dot = m.start();
            while (dot > 0 && c.s.charAt(dot - 1) == ' ') dot--;
            if (before.isEmpty() && dot > 0 && c.s.charAt(dot - 1) == '.') before = lower(c.wordBefore(dot - 1));
            return YEAR_CUES.contains(before) && say(c, m, year(m.group(1))); // "in 1887", "est. 1887"
        });
        rule("number-sign", Start.SYMBOL, "#", "#(\\d+)(?!\\w)", (m, c) -> say(c, m, "number " + number(m.group(1))));
        rule("dash", Start.SYMBOL, "-–—", "[ \\u00A0]?[–—-][ \\u00A0]?(?=\\d)", (m, c) ->
                m.start() > 0 && Character.isDigit(c.s.charAt(m.start() - 1)) && say(c, m, "to"));
        rule("negative", Start.SYMBOL, "-−", "[-−](" + NUM + ")(?!\\w)", (m, c) -> {
            char b = m.start() == 0 ? ' ' : c.s.charAt(m.start() - 1);
            return !Character.isLetterOrDigit(b) && say(c, m, "minus " + number(m.group(1)));
        });
        rule("code", Start.DIGIT, "\\d{4,6}(?![\\w.,]\\w)", (m, c) -> {
            String before = c.wordBefore(m.start());
            boolean code = before.length() >= 2 && before.length() <= 3 && before.chars().allMatch(Character::isUpperCase);
            return code && say(c, m, digits(m.group())); // "NY 10118", "BA 2490": codes are read digit by digit
        });
        rule("spaced-thousands", Start.DIGIT, " \u00A0", "\\d{1,3}(?:[ \\u00A0]\\d{3}){1,4}(?![\\d\\w]|[.,]\\d)", (m, c) -> {
            // SI style "1 000 000 people", "1 200 units" (phone shapes were taken above)
            boolean millions = m.group().length() > 8;
            return (millions || c.nounAfter(m.end(), Set.of())) && say(c, m, number(digitsOnly(m.group())));
        });
        rule("number", Start.DIGIT, "(" + NUM + ")(?!\\w)", (m, c) -> say(c, m, number(m.group(1))));
        rule("ampersand", Start.SYMBOL, "&", "&(?=\\s)", (m, c) -> say(c, m, "and"));
        rule("title", Start.LETTER, ".", "(Mr|Mrs|Ms|Dr|St|Prof|Jr|Sr|Mt|Gen|Capt|Lt|Col|Sgt|Rev)\\.", (m, c) -> {
            String next = c.wordAfter(m.end());
            boolean nameFollows = !next.isEmpty() && Character.isUpperCase(next.charAt(0));
            String w = switch (m.group(1)) {
                case "Mr" -> "Mister";
                case "Mrs" -> "Missus";
                case "Ms" -> "Miz";
                case "Dr" -> nameFollows ? "Doctor" : "Drive";
                case "St" -> nameFollows ? "Saint" : "Street";
                case "Prof" -> "Professor";
                case "Jr" -> "Junior";
                case "Sr" -> "Senior";
                case "Mt" -> "Mount";
                case "Gen" -> "General";
                case "Capt" -> "Captain";
                case "Lt" -> "Lieutenant";
                case "Col" -> "Colonel";
                case "Sgt" -> "Sergeant";
                default -> "Reverend";
            };
            return say(c, m, w);
        });
        rule("number-abbr", Start.LETTER, ".", "(No|Nos|no|nos)\\.\\s?(?=#?\\d)",
                (m, c) -> say(c, m, m.group(1).length() == 3 ? "numbers" : "number"));
        rule("established", Start.LETTER, ".", "([Ee]st)\\.(?=\\s?(?:1[1-9]\\d\\d|20\\d\\d)(?!\\d))",
                (m, c) -> say(c, m, "established"));
        rule("abbreviation", Start.LETTER, ".", "(Approx|approx|Est|est|Dept|dept|Vol|vol|Fig|fig|Figs|figs|Ave|Blvd"
                + "|Ft|Inc|Ltd|Co|Corp|Ca|ca)\\.", (m, c) -> {
            String next = c.wordAfter(m.end());
            String w = switch (lower(m.group(1))) {
                case "approx" -> "approximately";
                case "est" -> "estimated";
                case "dept" -> "department";
                case "vol" -> "volume";
                case "fig" -> "figure";
                case "figs" -> "figures";
                case "ave" -> "Avenue";
                case "blvd" -> "Boulevard";
                case "ft" -> "Fort";
                case "inc" -> "Incorporated";
                case "ltd" -> "Limited";
                case "co" -> "Company";
                case "corp" -> "Corporation";
                case "ca" -> "circa";
                default -> null;
            };
            if (w != null && Character.isUpperCase(m.group(1).charAt(0)) && Character.isLowerCase(w.charAt(0))) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1); // "Dept. 5" → Department five
            }
            return w != null && say(c, m, w);
        });
        rule("latin", Start.LETTER, "(e\\.g|i\\.e|etc|vs|approx|a\\.k\\.a|cf|ca)\\.(?!\\w)|(vs)(?=\\s)", (m, c) -> {
            String a = m.group(1) != null ? m.group(1) : m.group(2);
            String w = switch (a) {
                case "e.g" -> "for example";
                case "i.e" -> "that is";
                case "etc" -> "et cetera";
                case "vs" -> "versus";
                case "approx" -> "approximately";
                case "a.k.a" -> "also known as";
                case "cf" -> "compare";
                default -> "circa";
            };
            return say(c, m, w);
        });
        rule("roman", Start.LETTER, "IVXLC", "([IVXLC]{1,7})(?!\\w)", (m, c) -> roman(c, m));
    }

    private static boolean say(Context c, Matcher m, String words) {
        c.say(words, m);
        return true;
    }

    static String cardinal(long n) {
        return Spellout.english(n, "%spellout-cardinal");
    }

    /** A number as written: "3,497" → three thousand four hundred ninety-seven; "2.75" → two point seven five. */
    static String number(String written) {
        int dot = written.indexOf('.');
        String whole = digitsOnly(dot < 0 ? written : written.substring(0, dot));
        long n = Numbers.parse(whole);
        String words = n < 0 || (whole.length() > 1 && whole.charAt(0) == '0') ? digits(whole) : cardinal(n);
        if (dot < 0) return words;
        return words + " point " + digits(written.substring(dot + 1));
    }

    static String digits(String ds) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ds.length(); i++) {
            if (!b.isEmpty()) b.append(' ');
            b.append(cardinal(ds.charAt(i) - '0'));
        }
        return b.toString();
    }

    static String year(String y) {
        return Spellout.english(Long.parseLong(y), "%spellout-numbering-year");
    }

    private static boolean date(Context c, Matcher m, String day, String month, String year) {
        int d = Integer.parseInt(day);
        int mo = Integer.parseInt(month);
        if (d < 1 || d > 31 || mo < 1 || mo > 12) return false;
        return say(c, m, MONTHS[mo - 1] + " " + Spellout.english(d, "%spellout-ordinal") + ", " + year(year));
    }

    private static boolean monthDate(Context c, Matcher m, String month, String day, String year) {
        int d = Integer.parseInt(day);
        if (d < 1 || d > 31) return false;
        String words = fullMonth(month) + " " + Spellout.english(d, "%spellout-ordinal");
        return say(c, m, year == null ? words : words + ", " + year(year));
    }

    private static String fullMonth(String month) {
        for (String name : MONTHS) if (name.startsWith(month.substring(0, 3))) return name;
        return month;
    }

    private static boolean time(Context c, Matcher m) {
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h > 24 || min > 59) return false;
        String ap = m.group(3) != null ? m.group(3) : m.group(4);
        StringBuilder b = new StringBuilder(cardinal(h));
        if (min == 0) {
            if (ap == null) b.append(" o'clock");
        } else if (min < 10) {
            b.append(" oh ").append(cardinal(min));
        } else {
            b.append(' ').append(cardinal(min));
        }
        if (ap != null) b.append(' ').append(ap.toUpperCase(Locale.ROOT)).append(" M");
        return say(c, m, b.toString());
    }

    private static boolean money(Context c, Matcher m, String symbol, String amount, String scale, boolean minus) {
        String unit = CURRENCY_SYMBOL.get(symbol);
        String prefix = minus ? "minus " : "";
        if (scale != null) {
            String scaleWord = switch (scale) {
                case "k", "K", "thousand" -> "thousand";
                case "M", "million" -> "million";
                case "B", "bn", "billion" -> "billion";
                default -> "trillion";
            };
            return say(c, m, prefix + number(amount) + " " + scaleWord + " " + plural(unit));
        }
        int dot = amount.indexOf('.');
        String whole = digitsOnly(dot < 0 ? amount : amount.substring(0, dot));
        long n = Numbers.parse(whole);
        if (n < 0) return false;
        String cents = dot < 0 ? "" : amount.substring(dot + 1);
        if (cents.length() != 2) {
            if (!cents.isEmpty()) return say(c, m, prefix + number(amount) + " " + plural(unit));
            return say(c, m, prefix + cardinal(n) + " " + (n == 1 ? unit : plural(unit)));
        }
        long ct = Long.parseLong(cents);
        String centName = unit.equals("pound") ? "pence" : unit.equals("koruna") ? "hellers" : "cents";
        String centWords = cardinal(ct) + " " + (ct == 1 ? (unit.equals("pound") ? "penny" : centName
                .substring(0, centName.length() - 1)) : centName);
        if (n == 0 && ct > 0) return say(c, m, prefix + centWords);
        String main = cardinal(n) + " " + (n == 1 ? unit : plural(unit));
        return say(c, m, prefix + (ct == 0 ? main : main + " and " + centWords));
    }

    private static String plural(String unit) {
        return switch (unit) {
            case "koruna" -> "korunas";
            default -> unit + "s";
        };
    }

    private static boolean unit(Context c, Matcher m, boolean minus) {
        String[] forms = UNITS.get(m.group(2));
        if (forms == null) return false;
        String amount = m.group(1);
        // "5 m" is a unit, but "at 5 s" could be a word; "m", "s", "h", "g", "l" only count right after a number
        boolean one = amount.equals("1") && !minus;
        return say(c, m, (minus ? "minus " : "") + number(amount) + " " + (one ? forms[0] : forms[1]));
    }

    private static String decade(Matcher m) {
        String century = m.group(1);
        int tens = Integer.parseInt(m.group(2));
        String tensWord = switch (tens) {
            case 0 -> century == null ? "zeros" : century.equals("20") ? "thousands" : "hundreds";
            case 1 -> "tens";
            case 2 -> "twenties";
            case 3 -> "thirties";
            case 4 -> "forties";
            case 5 -> "fifties";
            case 6 -> "sixties";
            case 7 -> "seventies";
            case 8 -> "eighties";
            default -> "nineties";
        };
        if (century == null) return tensWord;
        if (century.equals("20") && tens == 0) return "two thousands";
        return cardinal(Integer.parseInt(century)) + " " + tensWord;
    }

    private static boolean roman(Context c, Matcher m) {
        String r = m.group(1);
        if (r.equals("I")) return false;
        int value = roman(r);
        if (value < 0) return false;
        String before = c.wordBefore(m.start());
        if (before.isEmpty() || !Character.isUpperCase(before.charAt(0))) return false;
        if (COUNTING_WORDS.contains(lower(before))) return say(c, m, cardinal(value));
        if (r.length() < 2) return false;
        String ordinal = Spellout.english(value, "%spellout-ordinal");
        return say(c, m, "the " + Character.toUpperCase(ordinal.charAt(0)) + ordinal.substring(1));
    }

    static String spell(String t) {
        StringBuilder b = new StringBuilder();
        for (char ch : t.toUpperCase(Locale.ROOT).toCharArray()) {
            if (!b.isEmpty()) b.append(' ');
            b.append(ch);
        }
        return b.toString();
    }

    /**
     * "3/4" → three quarters, "1 1/2" → one and a half, "1/3" → one third; 50/50 → fifty-fifty, 24/7 → twenty-four
     * seven (not fractions: improper, or a denominator nobody reads as one).
     */
    private static boolean fraction(Context c, Matcher m, String whole, int num, int den) {
        boolean known = den >= 2 && den <= 10 || den == 12 || den == 16 || den == 32 || den == 64 || den == 100;
        if (!known || num <= 0 || num >= den) {
            if (whole != null) return false;
            if (num >= 1100 && num <= 2099 && (den < 100 || den >= 1100 && den <= 2099)) { // the 2024/25 season
                return say(c, m, year(String.valueOf(num)) + " " + (den < 100 ? cardinal(den) : year(String.valueOf(den))));
            }
            if (num > 99 || den > 99) return false;
            if (num == den) return say(c, m, cardinal(num) + "-" + cardinal(den));
            return say(c, m, cardinal(num) + " " + cardinal(den));
        }
        if (whole == null) return say(c, m, fractionWords(num, den, false));
        return say(c, m, cardinal(Long.parseLong(whole)) + " and " + fractionWords(num, den, true));
    }

    private static String fractionWords(int num, int den, boolean afterAnd) {
        String one = switch (den) {
            case 2 -> "half";
            case 4 -> "quarter";
            case 100 -> "hundredth";
            default -> Spellout.english(den, "%spellout-ordinal");
        };
        if (num == 1) return (afterAnd ? "a " : "one ") + one;
        return cardinal(num) + " " + (den == 2 ? "halves" : one + "s");
    }

    /** Phone digits one by one, zero as "oh", groups apart: "five five five, oh one two three". */
    private static String phoneDigits(String number) {
        StringBuilder b = new StringBuilder();
        for (String group : number.split("[^0-9]+")) {
            if (group.isEmpty()) continue;
            if (!b.isEmpty()) b.append(", ");
            b.append(digits(group).replace("zero", "oh"));
        }
        return b.toString();
    }

    private static String phone(String p) {
        StringBuilder b = new StringBuilder("plus");
        String[] groups = p.substring(1).split("[^0-9]+");
        b.append(' ').append(digits(groups[0])); // the country code: "plus four four"
        for (int i = 1; i < groups.length; i++) {
            if (!groups[i].isEmpty()) b.append(", ").append(digits(groups[i]).replace("zero", "oh"));
        }
        return b.toString();
    }
}
