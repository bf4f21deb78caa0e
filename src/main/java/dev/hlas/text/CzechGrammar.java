package dev.hlas.text;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What Czech number words need from context: the gender of the counted noun, the case a preposition governs, the
 * right form of a noun after a number, and number words in any gender and case (ICU RBNF).
 */
final class CzechGrammar {
    enum Gender { MASCULINE, FEMININE, NEUTER }

    enum Case {
        NOMINATIVE(""), GENITIVE("-genitive"), DATIVE("-dative"), ACCUSATIVE("-accusative"), LOCATIVE("-locative"),
        INSTRUMENTAL("-instrumental");

        final String suffix;

        Case(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * A noun a number can count, with the forms the number rule needs.
     *
     * @param gender gender (decides jeden/jedna/jedno, dva/dvě)
     * @param sg     nominative singular (after 1)
     * @param pl     nominative plural (after 2–4)
     * @param genPl  genitive plural (after 0, 5+ and after a preposition taking the genitive)
     * @param genSg  genitive singular (after decimals; after 1 with a genitive preposition)
     * @param accSg  accusative singular (after 1 with za/na/o)
     */
    record Noun(Gender gender, String sg, String pl, String genPl, String genSg, String accSg) {
        String form(long n, boolean decimal, Case c) {
            if (decimal) return genSg;
            if (c == Case.GENITIVE) return n == 1 ? genSg : genPl;
            if (n == 1) return c == Case.ACCUSATIVE ? accSg : sg;
            long last2 = n % 100;
            long last = n % 10;
            boolean few = last2 >= 2 && last2 <= 4 || n > 20 && last2 > 20 && last >= 2 && last <= 4;
            return few ? pl : genPl;
        }
    }

    static final Noun KORUNA = new Noun(Gender.FEMININE, "koruna", "koruny", "korun", "koruny", "korunu");
    static final Noun HALER = new Noun(Gender.MASCULINE, "haléř", "haléře", "haléřů", "haléře", "haléř");
    static final Noun EURO = new Noun(Gender.NEUTER, "euro", "eura", "eur", "eura", "euro");
    static final Noun CENT = new Noun(Gender.MASCULINE, "cent", "centy", "centů", "centu", "cent");
    static final Noun DOLAR = new Noun(Gender.MASCULINE, "dolar", "dolary", "dolarů", "dolaru", "dolar");
    static final Noun LIBRA = new Noun(Gender.FEMININE, "libra", "libry", "liber", "libry", "libru");
    static final Noun PROCENTO = new Noun(Gender.NEUTER, "procento", "procenta", "procent", "procenta", "procento");
    static final Noun TISIC = new Noun(Gender.MASCULINE, "tisíc", "tisíce", "tisíc", "tisíce", "tisíc");
    static final Noun MILION = new Noun(Gender.MASCULINE, "milion", "miliony", "milionů", "milionu", "milion");
    static final Noun HOURS = new Noun(Gender.FEMININE, "hodina", "hodiny", "hodin", "hodiny", "hodinu");
    static final Noun MILIARDA = new Noun(Gender.FEMININE, "miliarda", "miliardy", "miliard", "miliardy", "miliardu");

    private static final Map<String, Gender> LEXICON = new HashMap<>();

    static {
        lex(Gender.MASCULINE, "den dny dní dnů dne dnech dnem dnům rok roky roků let roce rokem letech lety týden "
                + "týdny týdnů týdne týdnech měsíc měsíce měsíců měsíci měsících muž muži mužů muže člověk lidé lidí "
                + "kus kusy kusů kusu bod body bodů bodu krok kroky kroků dolar dolary dolarů kilometr kilometry "
                + "kilometrů metr metry metrů litr litry litrů gram gramy gramů kilogram kilogramy kilogramů stupeň "
                + "stupně stupňů pokoj pokoje pokojů byt byty bytů dům domy domů stát státy států ročník ročníku "
                + "ročníky díl dílu díly gól góly gólů zápas zápasy zápasů hráč hráči hráčů student studenti studentů "
                + "sloupec řádek řádky řádků případ případy případů týmu tým týmy týmů vůz vozy vozů závod závodu "
                + "ročníků pokus pokusy pokusů bodech procent jazyk jazyky jazyků chod chody chodů kanál kanály "
                + "kanálů vagon vagony svazek svazku odstavec odstavci odstavce paragraf paragrafu pád pádu "
                + "semestr semestru semestry týdnu večer večery večerů dotaz dotazy dotazů soubor soubory souborů "
                + "server servery serverů uživatel uživatelé uživatelů pes psi psů kluk kluci kluků chlapec chlapci "
                + "chlapců sourozenec sourozenci sourozenců voják vojáci vojáků");
        lex(Gender.FEMININE, "žena ženy žen ženě koruna koruny korun koruně hodina hodiny hodin hodině minuta minuty "
                + "minut minutě sekunda sekundy sekund vteřina vteřiny vteřin osoba osoby osob strana straně stranu "
                + "strany stran kapitola kapitole kapitoly kapitol třída třídě třídy tříd řada řadě řady řad noc noci "
                + "nocí věc věci věcí otázka otázky otázek položka položky položek lekce lekci lekcí ulice ulici "
                + "ulic část části částí kniha knihy knih dívka dívky dívek holka holky holek sestra sestry sester "
                + "dcera dcery dcer matka matky matek tuna tuny tun libra libry liber etapa etapě etapy sezóna sezóně "
                + "sezona sezoně verze verzi verzí kategorie kategorii kategorií světové válka válce války válek "
                + "liga lize ligy lig pozice pozici pozic příčka příčce příčky příček skupina skupině skupiny skupin "
                + "místnost místnosti místností zastávka zastávky zastávek kolej koleji koleje stanice stanici "
                + "stanic firma firmy firem země zemi zemí sada sady sad porce porci porcí tableta tablety tablet "
                + "dávka dávky dávek písnička písničky písniček píseň písně písní korunu hodinu minutu sekundu "
                + "vteřinu ženu osobu kapitolu třídu řadu otázku položku knihu dívku sestru dceru matku tunu libru "
                + "etapu sezónu skupinu zastávku firmu sadu tabletu dávku písničku lahev láhev lahve lahví zóna zóny "
                + "cesta cesty cest cestu cestě");
        lex(Gender.NEUTER, "euro eura eur procento procenta dítě děti dětí auto auta aut kolo kola kol kole místo "
                + "místa míst místě patro patra pater patře město města měst městě slovo slova slov okno okna oken "
                + "vejce vajec pivo piva piv století staletí pololetí čtvrtletí letí vydání vydáních číslo čísla "
                + "čísel čísle kilo kila kil jídlo jídla jídel zvíře zvířata zvířat kuře kuřata kuřat náměstí "
                + "oddělení nádraží pravidlo pravidla pravidel jablko jablka jablek vítězství kapitál "
                + "dějství křeslo křesla křesel nástupiště poschodí");
    }

    private static void lex(Gender g, String words) {
        for (String w : words.split(" ")) LEXICON.putIfAbsent(w, g);
    }

    private static final Set<String> GENITIVE_PREPS = Set.of("od", "do", "z", "ze", "bez", "kolem", "okolo", "u",
            "podle", "během", "kromě", "místo", "vedle", "blízko", "uprostřed", "pomocí", "včetně", "ohledně");
    private static final Set<String> DATIVE_PREPS = Set.of("k", "ke", "proti", "díky", "kvůli", "naproti", "vůči");
    private static final Set<String> INSTRUMENTAL_PREPS = Set.of("s", "se", "před", "nad", "pod", "mezi", "spolu");
    private static final Set<String> LOCATIVE_OR_ACCUSATIVE = Set.of("v", "ve", "na", "o", "po", "při");

    private CzechGrammar() {
    }

    /** The gender of a noun form: a small lexicon of counted nouns, else the ending. */
    static Gender genderOf(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        Gender known = LEXICON.get(w);
        if (known != null) return known;
        if (w.endsWith("a") || w.endsWith("y") || w.endsWith("ice") || w.endsWith("ost")) return Gender.FEMININE;
        if (w.endsWith("o") || w.endsWith("í") || w.endsWith("ě")) return Gender.NEUTER;
        return Gender.MASCULINE;
    }

    /**
     * The case a number takes after {@code preposition}, given the noun after the number (for prepositions that
     * take two cases: "v pěti minutách" is locative, "v pět hodin" accusative).
     */
    static Case caseAfter(String preposition, String noun, boolean ordinal) {
        String p = preposition.toLowerCase(java.util.Locale.ROOT);
        if (GENITIVE_PREPS.contains(p)) return Case.GENITIVE;
        if (DATIVE_PREPS.contains(p)) return Case.DATIVE;
        if (INSTRUMENTAL_PREPS.contains(p)) return Case.INSTRUMENTAL;
        if (p.equals("za")) return ordinal ? Case.GENITIVE : Case.ACCUSATIVE;
        if (LOCATIVE_OR_ACCUSATIVE.contains(p)) {
            if (p.equals("při")) return Case.LOCATIVE;
            String n = noun.toLowerCase(java.util.Locale.ROOT);
            boolean locativeNoun = n.endsWith("ách") || n.endsWith("ech") || n.endsWith("ích") || n.endsWith("ích")
                    || ordinal && (n.endsWith("e") || n.endsWith("ě") || n.endsWith("u") || n.endsWith("í")
                    || n.endsWith("i"));
            return locativeNoun ? Case.LOCATIVE : Case.ACCUSATIVE;
        }
        return Case.NOMINATIVE;
    }

    /** A cardinal in a gender and case; compounds ending in 1 use the invariant "jedna" (dvacet jedna). */
    static String cardinal(long n, Gender g, Case c) {
        if (n == 0) return "nula";
        String words = Spellout.czech(n, "%spellout-cardinal-" + name(g) + c.suffix);
        if (n > 20 && n % 10 == 1 && (c == Case.NOMINATIVE || c == Case.ACCUSATIVE)) {
            words = words.replaceFirst("jed(en|no|nu)$", "jedna");
        }
        return words;
    }

    /** A number with no noun to agree with: 1 → jedna, 2 → dva, 21 → dvacet jedna. */
    static String neutral(long n) {
        if (n == 1) return "jedna";
        return cardinal(n, Gender.MASCULINE, Case.NOMINATIVE).replaceFirst("jeden$", "jedna");
    }

    static String ordinal(long n, Gender g, Case c) {
        String rs = "%spellout-ordinal-" + name(g) + c.suffix;
        return Spellout.czech(n, rs);
    }

    private static String name(Gender g) {
        return switch (g) {
            case MASCULINE -> "masculine";
            case FEMININE -> "feminine";
            case NEUTER -> "neuter";
        };
    }

    /** "3,5": tři celé pět; 1 → jedna celá, 2–4 → celé, else celých. */
    static String decimal(long whole, String fraction) {
        String w = whole == 0 ? "nula" : cardinal(whole, Gender.FEMININE, Case.NOMINATIVE);
        String cele = whole <= 1 ? "celá" : whole >= 2 && whole <= 4 ? "celé" : "celých";
        String f;
        if (fraction.startsWith("0") || fraction.length() > 3) {
            StringBuilder b = new StringBuilder();
            for (char ch : fraction.toCharArray()) {
                if (!b.isEmpty()) b.append(' ');
                b.append(ch == '0' ? "nula" : neutral(ch - '0'));
            }
            f = b.toString();
        } else {
            f = cardinal(Long.parseLong(fraction), Gender.FEMININE, Case.NOMINATIVE);
        }
        return w + " " + cele + " " + f;
    }
}
