package dev.hlas.text;

import dev.hlas.text.CzechGrammar.Case;
import dev.hlas.text.CzechGrammar.Gender;
import dev.hlas.text.CzechGrammar.Noun;
import dev.hlas.text.CzechGrammar.NounForm;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Czech reading rules: space/NBSP thousands and comma decimals, agreement of the number with the counted noun
 * (gender of 1 and 2, the 1 / 2–4 / 5+ noun forms), case after prepositions ("od pěti do deseti", "ve třetím
 * patře"), ordinals before nouns and in dates (day ordinal in the genitive), times, money (Kč, €, $), percent,
 * units, abbreviations, roman numerals after names, URLs and e-mail addresses.
 */
final class CzechNormalizer extends RuleNormalizer {
    /** E-mail addresses and URLs: "jan zavináč firma tečka cé zet"; www and short domains spelled. */
    private static final WebAddressReader WEB = new WebAddressReader(
            Map.of(".", "tečka", "/", "lomítko", "-", "pomlčka", "_", "podtržítko", "@", "zavináč"),
            (part, topLevelDomain) -> {
                if (part.equalsIgnoreCase("www")) return "vé vé vé";
                if (topLevelDomain && part.length() <= 3) return spell(part);
                if (part.chars().allMatch(Character::isDigit)) return DigitWords.czech(part);
                return part;
            });

    static final CzechNormalizer INSTANCE = new CzechNormalizer();

    /** Czech number: space/NBSP thousands groups, or 1.000.000 style, with an optional decimal comma. */
    private static final String NUM = "\\d{1,3}(?:[ \\u00A0\\u202F]\\d{3})+(?:,\\d+)?(?!\\d)|\\d{1,3}(?:\\.\\d{3}){2,}"
            + "(?:,\\d+)?|\\d+(?:,\\d+)?";
    private static final String[] MONTHS_GENITIVE = {"ledna", "února", "března", "dubna", "května", "června",
            "července", "srpna", "září", "října", "listopadu", "prosince"};
    private static final Set<String> MONTH_WORDS = Set.of(MONTHS_GENITIVE);
    private static final String TLD = "cz|sk|com|org|net|eu|de|io|info|gov|edu|dev|app|ai|co|uk|at|pl";
    private static final Map<String, String> LETTERS = Map.ofEntries(Map.entry("a", "á"), Map.entry("b", "bé"),
            Map.entry("c", "cé"), Map.entry("d", "dé"), Map.entry("e", "é"), Map.entry("f", "ef"),
            Map.entry("g", "gé"), Map.entry("h", "há"), Map.entry("i", "í"), Map.entry("j", "jé"),
            Map.entry("k", "ká"), Map.entry("l", "el"), Map.entry("m", "em"), Map.entry("n", "en"),
            Map.entry("o", "ó"), Map.entry("p", "pé"), Map.entry("q", "kvé"), Map.entry("r", "er"),
            Map.entry("s", "es"), Map.entry("t", "té"), Map.entry("u", "ú"), Map.entry("v", "vé"),
            Map.entry("w", "dvojité vé"), Map.entry("x", "iks"), Map.entry("y", "ypsilon"), Map.entry("z", "zet"));
    /** unit → noun forms and what follows the noun */
    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("°C", unit(Gender.MASCULINE, "stupeň stupně stupňů stupně stupeň", " Celsia")),
            Map.entry("°", unit(Gender.MASCULINE, "stupeň stupně stupňů stupně stupeň", "")),
            Map.entry("km/h", unit(Gender.MASCULINE, "kilometr kilometry kilometrů kilometru kilometr", " za hodinu")),
            Map.entry("m/s", unit(Gender.MASCULINE, "metr metry metrů metru metr", " za sekundu")),
            Map.entry("km", unit(Gender.MASCULINE, "kilometr kilometry kilometrů kilometru kilometr", "")),
            Map.entry("m", unit(Gender.MASCULINE, "metr metry metrů metru metr", "")),
            Map.entry("m²", unit(Gender.MASCULINE, "metr metry metrů metru metr", " čtvereční")),
            Map.entry("m2", unit(Gender.MASCULINE, "metr metry metrů metru metr", " čtvereční")),
            Map.entry("cm", unit(Gender.MASCULINE, "centimetr centimetry centimetrů centimetru centimetr", "")),
            Map.entry("mm", unit(Gender.MASCULINE, "milimetr milimetry milimetrů milimetru milimetr", "")),
            Map.entry("kg", unit(Gender.MASCULINE, "kilogram kilogramy kilogramů kilogramu kilogram", "")),
            Map.entry("g", unit(Gender.MASCULINE, "gram gramy gramů gramu gram", "")),
            Map.entry("mg", unit(Gender.MASCULINE, "miligram miligramy miligramů miligramu miligram", "")),
            Map.entry("t", unit(Gender.FEMININE, "tuna tuny tun tuny tunu", "")),
            Map.entry("l", unit(Gender.MASCULINE, "litr litry litrů litru litr", "")),
            Map.entry("ml", unit(Gender.MASCULINE, "mililitr mililitry mililitrů mililitru mililitr", "")),
            Map.entry("h", unit(Gender.FEMININE, "hodina hodiny hodin hodiny hodinu", "")),
            Map.entry("hod", unit(Gender.FEMININE, "hodina hodiny hodin hodiny hodinu", "")),
            Map.entry("min", unit(Gender.FEMININE, "minuta minuty minut minuty minutu", "")),
            Map.entry("s", unit(Gender.FEMININE, "sekunda sekundy sekund sekundy sekundu", "")),
            Map.entry("ms", unit(Gender.FEMININE, "milisekunda milisekundy milisekund milisekundy milisekundu", "")),
            Map.entry("ha", unit(Gender.MASCULINE, "hektar hektary hektarů hektaru hektar", "")),
            Map.entry("kWh", unit(Gender.FEMININE, "kilowatthodina kilowatthodiny kilowatthodin kilowatthodiny "
                    + "kilowatthodinu", "")),
            Map.entry("kW", unit(Gender.MASCULINE, "kilowatt kilowatty kilowattů kilowattu kilowatt", "")),
            Map.entry("W", unit(Gender.MASCULINE, "watt watty wattů wattu watt", "")),
            Map.entry("V", unit(Gender.MASCULINE, "volt volty voltů voltu volt", "")),
            Map.entry("GB", unit(Gender.MASCULINE, "gigabajt gigabajty gigabajtů gigabajtu gigabajt", "")),
            Map.entry("MB", unit(Gender.MASCULINE, "megabajt megabajty megabajtů megabajtu megabajt", "")),
            Map.entry("TB", unit(Gender.MASCULINE, "terabajt terabajty terabajtů terabajtu terabajt", "")),
            Map.entry("ks", unit(Gender.MASCULINE, "kus kusy kusů kusu kus", "")),
            Map.entry("%", unit(Gender.NEUTER, "procento procenta procent procenta procento", "")));
    private static final String UNIT_RE = "°C|km/h|m/s|kWh|km|m²|m2|cm|mm|kg|mg|ml|ms|kW|GB|MB|TB|ha|ks|hod|min|°"
            + "|m|g|t|l|h|s|W|V|%";
    private static final Map<String, Noun> CURRENCIES = Map.of("Kč", CzechGrammar.KORUNA, "CZK", CzechGrammar.KORUNA,
            ",-", CzechGrammar.KORUNA, "€", CzechGrammar.EURO, "EUR", CzechGrammar.EURO, "eur", CzechGrammar.EURO,
            "$", CzechGrammar.DOLAR, "USD", CzechGrammar.DOLAR, "£", CzechGrammar.LIBRA, "GBP", CzechGrammar.LIBRA);
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("např", "například"), Map.entry("tj", "to jest"), Map.entry("atd", "a tak dále"),
            Map.entry("apod", "a podobně"), Map.entry("mj", "mimo jiné"), Map.entry("resp", "respektive"),
            Map.entry("č", "číslo"), Map.entry("čís", "číslo"), Map.entry("str", "strana"), Map.entry("ul", "ulice"),
            Map.entry("nám", "náměstí"), Map.entry("hod", "hodin"), Map.entry("min", "minimálně"),
            Map.entry("tis", "tisíc"), Map.entry("mil", "milionů"), Map.entry("mld", "miliard"),
            Map.entry("aj", "a jiné"), Map.entry("popř", "popřípadě"), Map.entry("tzn", "to znamená"),
            Map.entry("Ing", "inženýr"), Map.entry("Mgr", "magistr"), Map.entry("Bc", "bakalář"),
            Map.entry("MUDr", "doktor medicíny"), Map.entry("PhDr", "doktor filozofie"),
            Map.entry("JUDr", "doktor práv"), Map.entry("RNDr", "doktor přírodních věd"),
            Map.entry("doc", "docent"), Map.entry("prof", "profesor"), Map.entry("tel", "telefon"),
            Map.entry("kap", "kapitola"), Map.entry("obr", "obrázek"), Map.entry("tab", "tabulka"),
            Map.entry("odd", "oddíl"), Map.entry("viz", "viz"), Map.entry("srov", "srovnej"),
            Map.entry("atp", "a tak podobně"), Map.entry("zvl", "zvláště"), Map.entry("p", "pan"),
            Map.entry("pí", "paní"), Map.entry("sl", "slečna"), Map.entry("max", "maximálně"),
            Map.entry("cca", "cirka"), Map.entry("vč", "včetně"), Map.entry("nar", "narozen"),
            Map.entry("roč", "ročník"), Map.entry("event", "eventuálně"), Map.entry("arch", "architekt"));
    private static final Set<String> FEMALE_SAINTS = Set.of("Anna", "Ludmila", "Anežka", "Barbora", "Markéta",
            "Kateřina", "Voršila", "Zdislava", "Marie", "Alžběta", "Hedvika", "Terezie", "Agáta", "Klára",
            "Eliška", "Johana", "Viktorie", "Kristina");

    /** Words that, a few words before a group of digits, make it a phone number. */
    private static final Set<String> PHONE_CUES = Set.of("tel", "telefon", "telefonu", "telefonní", "telefonním",
            "telefonem", "mobil", "mobilu", "mobilní", "mobilem", "volejte", "zavolejte", "volat", "zavolat", "číslo",
            "čísle", "čísla", "číslem", "linka", "lince", "linku", "infolinka", "infolince", "infolinku", "kontakt",
            "sms", "fax", "faxu", "mob");
    static final String FRACTION_CHARS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞";
    /** Unicode vulgar fraction → {numerator, denominator}. */
    static final Map<Character, int[]> FRACTIONS = Map.ofEntries(Map.entry('½', new int[]{1, 2}),
            Map.entry('⅓', new int[]{1, 3}), Map.entry('⅔', new int[]{2, 3}), Map.entry('¼', new int[]{1, 4}),
            Map.entry('¾', new int[]{3, 4}), Map.entry('⅕', new int[]{1, 5}), Map.entry('⅖', new int[]{2, 5}),
            Map.entry('⅗', new int[]{3, 5}), Map.entry('⅘', new int[]{4, 5}), Map.entry('⅙', new int[]{1, 6}),
            Map.entry('⅚', new int[]{5, 6}), Map.entry('⅛', new int[]{1, 8}), Map.entry('⅜', new int[]{3, 8}),
            Map.entry('⅝', new int[]{5, 8}), Map.entry('⅞', new int[]{7, 8}));
    /** Denominator → stem of the feminine fraction noun (třetin-a, třetin-y, třetin). */
    private static final Map<Integer, String> FRACTION_NOUNS = Map.ofEntries(Map.entry(2, "polovin"),
            Map.entry(3, "třetin"), Map.entry(4, "čtvrtin"), Map.entry(5, "pětin"), Map.entry(6, "šestin"),
            Map.entry(7, "sedmin"), Map.entry(8, "osmin"), Map.entry(9, "devítin"), Map.entry(10, "desetin"),
            Map.entry(12, "dvanáctin"), Map.entry(16, "šestnáctin"), Map.entry(20, "dvacetin"),
            Map.entry(100, "setin"), Map.entry(1000, "tisícin"));

    record Unit(Noun noun, String tail) {
    }

    private static Unit unit(Gender g, String forms, String tail) {
        String[] f = forms.split(" ");
        return new Unit(new Noun(g, f[0], f[1], f[2], f[3], f[4]), tail);
    }

    private CzechNormalizer() {
        rule("email", Start.LETTER, "@", "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", (m, c) -> say(c, m, WEB.email(m.group())));
        rule("url", Start.LETTER, ".", "(?:https?://|www\\.)[^\\s]+?(?=[.,;:!?)\"“]*(?:\\s|$))"
                + "|[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:" + TLD + ")(?:/[^\\s]*?)?(?=[.,;:!?)\"“]*(?:\\s|$))",
                (m, c) -> say(c, m, WEB.url(m.group())));
        rule("phone", Start.SYMBOL, "+", "\\+(\\d{1,3})(?:[ \\u00A0-]\\d{1,4}){2,5}(?!\\d)", (m, c) ->
                digitsOnly(m.group()).length() >= 8 && say(c, m, phone(m.group())));
        rule("iso-date", Start.DIGIT, "-", "(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)",
                (m, c) -> date(c, m, m.group(3), m.group(2), m.group(1)));
        rule("date", Start.DIGIT, ".", "(\\d{1,2})\\.\\s?(\\d{1,2})\\.(?:\\s?(\\d{4})(?!\\d))?",
                (m, c) -> date(c, m, m.group(1), m.group(2), m.group(3)));
        rule("time", Start.DIGIT, ":", "(\\d{1,2}):(\\d{2})(?![\\d:])", (m, c) -> time(c, m));
        rule("slash-date", Start.DIGIT, "/", "(\\d{1,2})/(\\d{1,2})/(\\d{4})(?!\\d)",
                (m, c) -> date(c, m, m.group(1), m.group(2), m.group(3)));
        rule("fraction", Start.DIGIT, "/", "(?<![/\\d])(?:(\\d{1,2})[ \\u00A0])?(\\d{1,4})/(\\d{1,4})(?!\\d|/\\d|[.,]\\d)",
                (m, c) -> fraction(c, m, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        rule("fraction-char-mixed", Start.DIGIT, FRACTION_CHARS, "(\\d{1,2})[ \\u00A0]?([" + FRACTION_CHARS + "])",
                (m, c) -> fraction(c, m, m.group(1), FRACTIONS.get(m.group(2).charAt(0))[0],
                        FRACTIONS.get(m.group(2).charAt(0))[1]));
        rule("fraction-char", Start.SYMBOL, FRACTION_CHARS, "[" + FRACTION_CHARS + "]",
                (m, c) -> fraction(c, m, null, FRACTIONS.get(m.group().charAt(0))[0],
                        FRACTIONS.get(m.group().charAt(0))[1]));
        rule("money-prefix", Start.SYMBOL, "$€£", "([$€£])\\s?(" + NUM + ")", (m, c) ->
                money(c, m, m.group(2), CURRENCIES.get(m.group(1)), null));
        rule("money-scaled", Start.DIGIT, "KkCe€$EU", "(" + NUM + ")\\s?(tis\\.|mil\\.|mld\\.|tisíc|milionů|milionu|miliony"
                + "|milion|miliard|miliardy)\\s?(Kč|CZK|€|EUR|eur|USD|\\$)(?!\\w)",
                (m, c) -> money(c, m, m.group(1), CURRENCIES.get(m.group(3)), m.group(2)));
        rule("money", Start.DIGIT, "KkCe€$EU£G", "(" + NUM + ")(?:,[-–—]{1,2})?\\s?(Kč|CZK|€|EUR|eur|USD|\\$|£|GBP)(?!\\w)",
                (m, c) -> money(c, m, m.group(1), CURRENCIES.get(m.group(2)), null));
        rule("scaled", Start.DIGIT, ".", "(" + NUM + ")\\s?(tis|mil|mld)\\.(?!\\w)", (m, c) -> {
            Noun scale = switch (m.group(2)) {
                case "tis" -> CzechGrammar.TISIC;
                case "mil" -> CzechGrammar.MILION;
                default -> CzechGrammar.MILIARDA;
            };
            String amount = m.group(1);
            boolean decimal = amount.contains(",");
            long n = decimal ? 0 : Numbers.parse(digitsOnly(amount));
            if (n < 0) return false;
            Case cs = caseBefore(c, m.start(), "");
            if (cs != Case.GENITIVE) cs = Case.NOMINATIVE;
            String num = decimal ? number(amount, null, Case.NOMINATIVE, c) : CzechGrammar.cardinal(n, scale.gender(), cs);
            return sayNumber(c, m, num + " " + scale.form(n, decimal, cs));
        });
        rule("money-dash", Start.DIGIT, ",", "(" + NUM + "),[-–—]{1,2}", (m, c) ->
                money(c, m, m.group(1), CzechGrammar.KORUNA, null));
        rule("unit", Start.DIGIT, "(" + NUM + ")\\s?(" + UNIT_RE + ")(?![\\w/²])(\\.(?=\\s\\p{Ll}))?",
                (m, c) -> unit(c, m, false));
        rule("neg-unit", Start.SYMBOL, "-−", "[-−](" + NUM + ")\\s?(" + UNIT_RE + ")(?![\\w/²])",
                (m, c) -> unit(c, m, true));
        rule("phone-local", Start.DIGIT, "\\d{3}(?:([ \\u00A0-])\\d{3}\\1\\d{3}|[ \\u00A0]\\d{2}[ \\u00A0]\\d{2}[ \\u00A0]\\d{2}"
                + "|\\d{6})(?!\\d|[ \\u00A0.,/-]\\d)", (m, c) -> {
            String t = m.group();
            boolean cue = c.cueBefore(m.start(), PHONE_CUES, 4);
            if (m.group(1) == null && t.length() == 9) { // 603123456: a phone number only where the text says so
                if (!cue || t.charAt(0) == '0') return false;
                t = t.substring(0, 3) + " " + t.substring(3, 6) + " " + t.substring(6);
            } else if (m.group(1) != null && !m.group(1).equals("-") && !cue) {
                // 603 123 456 is also how Czech writes 603 million: a counted noun or round groups make it a number
                if (t.endsWith("000") || c.nounAfter(m.end(), FUNCTION_WORDS)) return false;
            }
            return say(c, m, phoneGroups(t));
        });
        rule("ordinal", Start.DIGIT, ".", "(\\d{1,4})\\.(?=[ \\u00A0]+\\p{Ll})", (m, c) -> ordinal(c, m,
                Long.parseLong(m.group(1))));
        rule("range", Start.DIGIT, "-–", "(" + NUM + ")\\s?[–-]\\s?(" + NUM + ")(?![\\d,]\\d)(?!-)", (m, c) -> {
            Case cs = caseBefore(c, m.start(), c.wordAfter(m.end()));
            Gender g = genderAfter(c, m.end());
            return sayNumber(c, m, number(m.group(1), g, cs, c) + " až " + number(m.group(2), g, cs, null));
        });
        rule("dash", Start.SYMBOL, "-–—", "[ \\u00A0]?[–—-][ \\u00A0]?(?=\\d)", (m, c) ->
                m.start() > 0 && Character.isDigit(c.s.charAt(m.start() - 1)) && say(c, m, "až"));
        rule("negative", Start.SYMBOL, "-−", "[-−](" + NUM + ")(?!\\w)", (m, c) -> {
            char b = m.start() == 0 ? ' ' : c.s.charAt(m.start() - 1);
            return !Character.isLetterOrDigit(b) && say(c, m, "minus " + number(m.group(1), null,
                    Case.NOMINATIVE, null));
        });
        rule("number", Start.DIGIT, "(" + NUM + ")(?!\\w)", (m, c) -> {
            String noun = c.wordAfter(m.end());
            Case cs = caseBefore(c, m.start(), noun);
            NounForm form = formAfter(c, m.end());
            Gender g = form == null ? null : form.gender();
            if (cs == Case.NOMINATIVE && g == Gender.FEMININE && noun.endsWith("u")) cs = Case.ACCUSATIVE;
            if (cs == Case.NOMINATIVE && form != null && form.plural()
                    && (form.cs() == Case.DATIVE || form.cs() == Case.INSTRUMENTAL)) {
                cs = form.cs(); // the noun's own ending: "dala to 2 synům" → dvěma
            }
            if (form != null && form.animate() && !form.plural() && form.cs() == Case.ACCUSATIVE
                    && (cs == Case.NOMINATIVE || cs == Case.ACCUSATIVE) && m.group(1).matches("\\d+")) {
                return sayNumber(c, m, CzechGrammar.cardinal(Long.parseLong(m.group(1)), form, Case.ACCUSATIVE));
            }
            return sayNumber(c, m, number(m.group(1), g, cs, c));
        });
        rule("ampersand", Start.SYMBOL, "&", "&(?=\\s)", (m, c) -> say(c, m, "a"));
        rule("scale-abbr", Start.LETTER, ".", "(tis|mil|mld)\\.", (m, c) -> say(c, m, ABBREVIATIONS.get(m.group(1))));
        rule("bc", Start.LETTER, ".", "př\\.\\s?n\\.\\s?l\\.", (m, c) -> say(c, m, "před naším letopočtem"));
        rule("nl", Start.LETTER, ".", "n\\.\\s?l\\.", (m, c) -> say(c, m, "našeho letopočtu"));
        rule("sro", Start.LETTER, ".", "s\\.\\s?r\\.\\s?o\\.", (m, c) -> say(c, m, "es er ó"));
        rule("as", Start.LETTER, ".", "a\\.\\s?s\\.(?=\\s|$|,)", (m, c) -> say(c, m, "á es"));
        rule("phd", Start.LETTER, ".", "Ph\\.\\s?D\\.", (m, c) -> say(c, m, "pé há dé"));
        rule("tzv", Start.LETTER, ".", "tzv\\.", (m, c) -> {
            String next = c.wordAfter(m.end());
            return say(c, m, takzvany(next.endsWith("í") ? c.secondWordAfter(m.end()) : next));
        });
        rule("sv", Start.LETTER, ".", "sv\\.", (m, c) -> say(c, m, saint(c.wordAfter(m.end()))));
        rule("kc", Start.LETTER, "K", "Kč(?!\\w)", (m, c) -> say(c, m, "korun"));
        rule("abbr", Start.LETTER, ".", "(\\p{L}{1,5})\\.", (m, c) -> {
            String word = m.group(1);
            String full = ABBREVIATIONS.get(word);
            if (full == null) full = ABBREVIATIONS.get(lower(word));
            if (full == null || word.equals("p") && !Character.isUpperCase(first(c.wordAfter(m.end())))) return false;
            String before = lower(c.wordBefore(m.start()));
            boolean locative = before.equals("na") || before.equals("v") || before.equals("ve");
            if (locative && word.equals("ul")) full = "ulici";
            if (locative && word.equals("str")) full = "straně";
            int b = m.start();
            while (b > 0 && c.s.charAt(b - 1) == ' ') b--;
            boolean afterNumber = b > 0 && Character.isDigit(c.s.charAt(b - 1));
            if (word.equals("min") && afterNumber) full = "minut"; // "20–30 min." but "min. 10 minut"
            return say(c, m, full);
        });
        rule("roku", Start.LETTER, ".", "r\\.(?=[ \\u00A0]?\\d)", (m, c) -> {
            String before = lower(c.wordBefore(m.start()));
            return say(c, m, before.equals("v") || before.equals("ve") ? "roce" : "roku");
        });
        rule("pani", Start.LETTER, "[pP]í(?=[ \\u00A0]+\\p{Lu})", (m, c) -> say(c, m, "paní"));
        rule("cca", Start.LETTER, "cca(?!\\w)", (m, c) -> say(c, m, "cirka"));
        rule("roman-ordinal", Start.LETTER, "IVXLC", "([IVXLC]{1,7})\\.(?=[ \\u00A0]+\\p{Ll})", (m, c) -> {
            String name = c.wordBefore(m.start());
            if (name.length() >= 3 && Character.isUpperCase(name.charAt(0)) && Character.isLowerCase(name.charAt(1))) {
                return false; // a ruler's name: the regnal rule reads it
            }
            int v = roman(m.group(1));
            return v > 0 && ordinal(c, m, v);
        });
        rule("regnal", Start.LETTER, "IVX", "([IVX]{1,6})\\.?(?!\\w)", (m, c) -> regnal(c, m));
    }

    private static char first(String s) {
        return s.isEmpty() ? ' ' : s.charAt(0);
    }

    private static boolean say(Context c, Matcher m, String words) {
        c.say(words, m);
        return true;
    }

    /** Says number words, first turning a preceding v/s/z/k into ve/se/ze/ke where Czech does. */
    private static boolean sayNumber(Context c, Matcher m, String words) {
        vocalize(c, words);
        return say(c, m, words);
    }

    private static void vocalize(Context c, String words) {
        if (!c.out.lastWordIsAdjacent()) return;
        String prep = c.out.lastWord();
        if (prep.length() != 1 || "vszk".indexOf(prep.charAt(0)) < 0) return;
        String w = lower(words);
        char p = prep.charAt(0);
        boolean cluster = w.startsWith("dv") || w.startsWith("tř") || w.startsWith("čt")
                || p == 'v' && w.startsWith("druh"); // ve druhém patře
        boolean same = switch (p) {
            case 'v' -> w.startsWith("v") || w.startsWith("f");
            case 's', 'z' -> w.startsWith("s") || w.startsWith("z") || w.startsWith("š") || w.startsWith("ž");
            default -> w.startsWith("k") || w.startsWith("g");
        };
        if (cluster || same) c.out.vocalizeLastWord();
    }

    /** Case governed by the preposition just before {@code at} (in the output, so it sees expanded text). */
    private static Case caseBefore(Context c, int at, String nounAfter) {
        String before = c.wordBefore(at);
        if (before.isEmpty()) return Case.NOMINATIVE;
        return CzechGrammar.caseAfter(before, nounAfter, false);
    }

    /** Gender of the noun counted by a number ending at {@code end}; null when no noun follows. */
    private static Gender genderAfter(Context c, int end) {
        NounForm form = formAfter(c, end);
        return form == null ? null : form.gender();
    }

    /** The form of the noun counted by a number ending at {@code end} (past one adjective); null when none. */
    private static NounForm formAfter(Context c, int end) {
        if (end < c.s.length() && c.s.charAt(end) != ' ' && c.s.charAt(end) != '\u00A0') return null;
        String next = c.wordAfter(end);
        if (next.isEmpty() || !Character.isLowerCase(next.charAt(0)) || isFunctionWord(next)) return null;
        if (INTENSIFIERS.contains(next)) { // "2 velmi dobré knihy": past the adverb
            end = c.s.indexOf(next, end) + next.length();
            next = c.wordAfter(end);
            if (next.isEmpty()) return null;
        }
        if (looksAdjectival(next)) {
            String after = c.secondWordAfter(end);
            if (!after.isEmpty()) next = after;
        }
        return CzechGrammar.analyze(next);
    }

    private static final Set<String> FUNCTION_WORDS = Set.of("a", "i", "nebo", "až", "do", "od", "je", "jsou",
            "byl", "bylo", "byla", "let", "krát", "x", "se", "si", "na", "v", "ve", "z", "ze", "o", "po", "za", "k",
            "s", "u", "to", "že", "by", "ale", "tak", "jen", "už", "pro", "při", "bude", "budou", "mi", "mu", "mě");

    private static final Set<String> INTENSIFIERS = Set.of("velmi", "hodně", "moc", "příliš", "docela", "úplně",
            "zcela", "dost", "velice", "opravdu");

    private static boolean isFunctionWord(String w) {
        return FUNCTION_WORDS.contains(w);
    }

    private static boolean looksAdjectival(String w) {
        return w.length() > 3 && (w.endsWith("ý") || w.endsWith("á") || w.endsWith("é") || w.endsWith("ého")
                || w.endsWith("ém") || w.endsWith("ou") || w.endsWith("ých") || w.endsWith("ými") || w.endsWith("ím")
                || w.endsWith("ní") || w.endsWith("ší") || w.endsWith("ové"));
    }

    /** A written Czech number in a gender and case; null gender reads it neutrally. */
    static String number(String written, Gender g, Case c, Context ctx) {
        int comma = written.indexOf(',');
        String wholeDigits = digitsOnly(comma < 0 ? written : written.substring(0, comma));
        if (comma < 0 && written.indexOf('.') < 0 && wholeDigits.length() > 1 && wholeDigits.charAt(0) == '0') {
            return DigitWords.czech(wholeDigits);
        }
        long n = Numbers.parse(wholeDigits);
        if (n < 0) return DigitWords.czech(wholeDigits);
        if (comma >= 0) return CzechGrammar.decimal(n, written.substring(comma + 1));
        if (g == null && c == Case.NOMINATIVE) return CzechGrammar.neutral(n);
        return CzechGrammar.cardinal(n, g == null ? Gender.MASCULINE : g, c);
    }

    private static boolean ordinal(Context c, Matcher m, long n) {
        String next = c.wordAfter(m.end());
        if (MONTH_WORDS.contains(next)) {
            return sayNumber(c, m, CzechGrammar.ordinal(n, Gender.MASCULINE, Case.GENITIVE));
        }
        int at = coordinatedOrdinalEnd(c, m.end());
        if (at > 0) next = c.wordAfter(at); // "v 80. a 90. letech": the noun after the last ordinal
        String noun = next;
        if (looksAdjectival(next)) {
            String after = c.secondWordAfter(at > 0 ? at : m.end());
            if (!after.isEmpty()) noun = after;
        }
        NounForm form = CzechGrammar.analyze(noun);
        String before = prepositionBefore(c, m.start());
        Case cs = before.isEmpty() ? Case.NOMINATIVE : CzechGrammar.caseAfter(before, noun, true);
        if (cs == Case.INSTRUMENTAL && !form.plural() && lower(noun).endsWith("y")) {
            form = new NounForm(form.gender(), form.animate(), true, Case.INSTRUMENTAL); // mezi 10. místy
        }
        // a plural ending names its own case ("ve 20. letech", "do 80. let"); so does an animate singular after no
        // preposition ("porazil 1. hráče")
        if (form.cs() != null && (form.plural() || cs == Case.NOMINATIVE && form.animate())) cs = form.cs();
        return sayNumber(c, m, CzechGrammar.ordinal(n, form, cs));
    }

    /** The word before {@code at}, or for "21." in "ve 20. a 21. století" the word before the first ordinal. */
    private static String prepositionBefore(Context c, int at) {
        String before = c.wordBefore(at);
        if (!before.equals("a") && !before.equals("i") && !before.equals("nebo") && !before.equals("či")
                && !before.equals("až")) {
            return before;
        }
        int i = at;
        while (i > 0 && c.s.charAt(i - 1) == ' ') i--;
        i -= before.length();
        while (i > 0 && c.s.charAt(i - 1) == ' ') i--;
        if (i == 0 || c.s.charAt(i - 1) != '.') return before;
        i--;
        int e = i;
        while (i > 0 && Character.isDigit(c.s.charAt(i - 1))) i--;
        return i == e ? before : c.wordBefore(i);
    }

    /** After "80." in "80. a 90. letech": the end of "90." (the ordinal that shares the noun), else -1. */
    private static int coordinatedOrdinalEnd(Context c, int end) {
        String conj = c.wordAfter(end);
        if (!conj.equals("a") && !conj.equals("i") && !conj.equals("nebo") && !conj.equals("či") && !conj.equals("až")) {
            return -1;
        }
        int i = c.s.indexOf(conj, end) + conj.length();
        while (i < c.s.length() && (c.s.charAt(i) == ' ' || c.s.charAt(i) == '\u00A0')) i++;
        int d = i;
        while (i < c.s.length() && Character.isDigit(c.s.charAt(i))) i++;
        if (i == d || i - d > 4 || i >= c.s.length() || c.s.charAt(i) != '.') return -1;
        return i + 1;
    }

    private static boolean date(Context c, Matcher m, String day, String month, String year) {
        int d = Integer.parseInt(day);
        int mo = Integer.parseInt(month);
        if (d < 1 || d > 31 || mo < 1 || mo > 12) return false;
        String words = CzechGrammar.ordinal(d, Gender.MASCULINE, Case.GENITIVE) + " " + MONTHS_GENITIVE[mo - 1];
        if (year != null) words += " " + CzechGrammar.cardinal(Long.parseLong(year), Gender.MASCULINE, Case.NOMINATIVE);
        return sayNumber(c, m, words);
    }

    private static boolean time(Context c, Matcher m) {
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h > 24 || min > 59) return false;
        String hours = h == 0 ? "nula" : CzechGrammar.cardinal(h, Gender.FEMININE, Case.NOMINATIVE);
        String words;
        if (min == 0) {
            words = hours + " " + CzechGrammar.HOURS.form(h, false, Case.NOMINATIVE);
        } else if (min < 10) {
            words = hours + " nula " + CzechGrammar.cardinal(min, Gender.FEMININE, Case.NOMINATIVE);
        } else {
            words = hours + " " + CzechGrammar.cardinal(min, Gender.FEMININE, Case.NOMINATIVE);
        }
        return sayNumber(c, m, words);
    }

    private static boolean money(Context c, Matcher m, String amount, Noun currency, String scale) {
        if (currency == null) return false;
        Case cs = caseBefore(c, m.start(), "");
        if (cs != Case.GENITIVE && cs != Case.ACCUSATIVE) cs = Case.NOMINATIVE;
        if (scale != null) {
            Noun scaleNoun = switch (scale) {
                case "tis.", "tisíc" -> CzechGrammar.TISIC;
                case "mld.", "miliard", "miliardy" -> CzechGrammar.MILIARDA;
                default -> CzechGrammar.MILION;
            };
            boolean decimal = amount.contains(",");
            long n = decimal ? 0 : Numbers.parse(digitsOnly(amount));
            String num = number(amount, scaleNoun.gender(), cs, c);
            return sayNumber(c, m, num + " " + scaleNoun.form(n, decimal, cs) + " " + currency.genPl());
        }
        int comma = amount.indexOf(',');
        long whole = Numbers.parse(digitsOnly(comma < 0 ? amount : amount.substring(0, comma)));
        if (whole < 0) return false;
        String frac = comma < 0 ? "" : amount.substring(comma + 1);
        Noun sub = currency == CzechGrammar.KORUNA ? CzechGrammar.HALER : CzechGrammar.CENT;
        if (!frac.isEmpty() && frac.length() != 2) {
            return sayNumber(c, m, CzechGrammar.decimal(whole, frac) + " " + currency.form(whole, true, cs));
        }
        long cents = frac.isEmpty() ? 0 : Long.parseLong(frac);
        String main = CzechGrammar.cardinal(whole, currency.gender(), cs) + " " + currency.form(whole, false, cs);
        String minor = CzechGrammar.cardinal(cents, sub.gender(), cs) + " " + sub.form(cents, false, cs);
        if (whole == 0 && cents > 0) return sayNumber(c, m, minor);
        return sayNumber(c, m, cents == 0 ? main : main + " " + minor);
    }

    private static boolean unit(Context c, Matcher m, boolean minus) {
        Unit u = UNITS.get(m.group(2));
        if (u == null) return false;
        String amount = m.group(1);
        Case cs = minus ? Case.NOMINATIVE : caseBefore(c, m.start(), "");
        if (cs != Case.GENITIVE && cs != Case.ACCUSATIVE) cs = Case.NOMINATIVE;
        boolean decimal = amount.contains(",");
        long n = decimal ? 0 : Numbers.parse(digitsOnly(amount));
        if (!decimal && n < 0) return false;
        String num = decimal ? number(amount, null, Case.NOMINATIVE, c)
                : CzechGrammar.cardinal(n, u.noun().gender(), cs);
        String form = u.noun().form(n, decimal, cs);
        String tail = u.tail();
        if (tail.equals(" čtvereční") && form.equals(u.noun().genPl())) tail = " čtverečních";
        else if (tail.equals(" čtvereční") && form.equals(u.noun().genSg())) tail = " čtverečního";
        String words = (minus ? "minus " : "") + num + " " + form + tail;
        return minus ? say(c, m, words) : sayNumber(c, m, words);
    }

    private static boolean regnal(Context c, Matcher m) {
        String r = m.group(1);
        int v = roman(r);
        if (v < 0) return false;
        String name = c.wordBefore(m.start());
        if (name.length() < 3 || !Character.isUpperCase(name.charAt(0)) || !Character.isLowerCase(name.charAt(1))) {
            return false;
        }
        if (r.length() == 1 && !m.group().endsWith(".")) return false;
        String n = lower(name);
        Gender g = Gender.MASCULINE;
        Case cs = Case.NOMINATIVE;
        if (FEMALE_SAINTS.contains(name)) {
            g = Gender.FEMININE;
        } else if (n.endsWith("a")) {
            cs = Case.GENITIVE;
        } else if (n.endsWith("ovi")) {
            cs = Case.DATIVE;
        } else if (n.endsWith("em")) {
            cs = Case.INSTRUMENTAL;
        }
        String words = CzechGrammar.ordinal(v, g, cs);
        words = Character.toUpperCase(words.charAt(0)) + words.substring(1);
        return say(c, m, words);
    }

    private static String takzvany(String next) {
        String w = lower(next);
        if (w.endsWith("ého")) return "takzvaného";
        if (w.endsWith("ém")) return "takzvaném";
        if (w.endsWith("ých")) return "takzvaných";
        if (w.endsWith("ými")) return "takzvanými";
        if (w.endsWith("ou")) return "takzvanou";
        if (w.endsWith("é")) return "takzvané";
        if (w.endsWith("á") || w.endsWith("a")) return "takzvaná";
        if (w.endsWith("í")) return "takzvaní";
        if (w.endsWith("o")) return "takzvané";
        return "takzvaný";
    }

    private static String saint(String next) {
        if (next.isEmpty()) return "svatý";
        if (FEMALE_SAINTS.contains(next)) return "svatá";
        if (next.endsWith("ovi")) return "svatému";
        if (next.endsWith("a") || next.endsWith("e") && !next.endsWith("ie")) return "svatého";
        return "svatý";
    }

    static String spell(String t) {
        StringBuilder b = new StringBuilder();
        for (char ch : t.toLowerCase(Locale.ROOT).toCharArray()) {
            if (!b.isEmpty()) b.append(' ');
            b.append(LETTERS.getOrDefault(String.valueOf(ch), String.valueOf(ch)));
        }
        return b.toString();
    }

    /**
     * "3/4" → tři čtvrtiny (the fraction noun is feminine and takes the case of a preceding preposition), "1 1/2"
     * → jeden a půl (the whole agrees with the noun after it: jedna a půl hodiny). Not a fraction: 50/50 → padesát
     * na padesát, 24/7 → dvacet čtyři sedm, other pairs (89/2012) → lomeno.
     */
    private static boolean fraction(Context c, Matcher m, String whole, int num, int den) {
        String stem = FRACTION_NOUNS.get(den);
        String noun = c.wordAfter(m.end());
        Case cs = caseBefore(c, m.start(), noun);
        if (stem == null || num <= 0 || num >= den) {
            if (whole != null) return false;
            if (num == den) return sayNumber(c, m, CzechGrammar.neutral(num) + " na " + CzechGrammar.neutral(den));
            if (num == 24 && den == 7) return say(c, m, "dvacet čtyři sedm");
            return sayNumber(c, m, number(String.valueOf(num), null, Case.NOMINATIVE, null) + " lomeno "
                    + number(String.valueOf(den), null, Case.NOMINATIVE, null));
        }
        if (whole == null) return sayNumber(c, m, fractionWords(num, stem, cs));
        NounForm form = formAfter(c, m.end());
        long w = Long.parseLong(whole);
        String wholeWords = w == 0 ? "nula" : CzechGrammar.cardinal(w, form == null ? Gender.MASCULINE : form.gender(), cs);
        return sayNumber(c, m, wholeWords + " a " + (num == 1 && den == 2 ? "půl" : fractionWords(num, stem, cs)));
    }

    private static String fractionWords(int num, String stem, Case cs) {
        String n = CzechGrammar.cardinal(num, Gender.FEMININE, cs);
        boolean few = num >= 2 && num <= 4;
        String ending = num == 1 ? switch (cs) {
            case NOMINATIVE -> "a";
            case GENITIVE -> "y";
            case DATIVE, LOCATIVE -> "ě";
            case ACCUSATIVE -> "u";
            case INSTRUMENTAL -> "ou";
        } : switch (cs) {
            case NOMINATIVE, ACCUSATIVE -> few ? "y" : "";
            case GENITIVE -> "";
            case DATIVE -> "ám";
            case LOCATIVE -> "ách";
            case INSTRUMENTAL -> "ami";
        };
        return n + " " + stem + ending;
    }

    /** Czech reads a phone number by groups: 603 → šest set tři, 12 → dvanáct, 0 5 and 4-digit groups in pairs. */
    private static String phoneGroups(String digits) {
        StringBuilder b = new StringBuilder();
        for (String group : digits.split("[ \\u00A0()-]+")) {
            if (group.isEmpty()) continue;
            if (!b.isEmpty()) b.append(", ");
            b.append(phoneGroup(group));
        }
        return b.toString();
    }

    private static String phoneGroup(String group) {
        if (group.startsWith("0")) return DigitWords.czech(group);
        if (group.length() == 4) return phoneGroup(group.substring(0, 2)) + " " + phoneGroup(group.substring(2));
        if (group.length() > 4) return DigitWords.czech(group);
        return CzechGrammar.neutral(Long.parseLong(group));
    }

    private static String phone(String p) {
        return "plus " + phoneGroups(p.substring(1));
    }
}
