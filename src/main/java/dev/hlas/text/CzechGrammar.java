package dev.hlas.text;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

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
                + "chlapců sourozenec sourozenci sourozenců voják vojáci vojáků hrad hrady hradů stůl stoly stolů "
                + "vlak vlaky vlaků autobus autobusy autobusů telefon telefony telefonů obraz obrazy obrazů zámek "
                + "zámky zámků strom stromy stromů film filmy filmů koncert koncerty koncertů obchod obchody obchodů "
                + "dárek dárky dárků balík balíky balíků kopec kopce kopců počítač počítače počítačů rohlík rohlíky "
                + "rohlíků knedlík knedlíky knedlíků úkol úkoly úkolů problém problémy problémů projekt projekty "
                + "projektů program programy programů jazyk článek články článků text texty textů");
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

    /**
     * What a noun form says about itself: gender, whether it names a person or an animal (masculine animate), and,
     * when its ending or the lexicon tells, whether it is plural and in which case ({@code null}: not known).
     */
    record NounForm(Gender gender, boolean animate, boolean plural, Case cs) {
    }

    /** Masculine animate nouns by form: every form a number or an ordinal can stand before. */
    private static final Map<String, NounForm> ANIMATE = new HashMap<>();
    /** Plural forms whose ending alone does not give them away ("let", "léta"). */
    private static final Map<String, NounForm> PLURALS = Map.of(
            "let", new NounForm(Gender.MASCULINE, false, true, Case.GENITIVE),
            "léta", new NounForm(Gender.NEUTER, false, true, null),
            "lety", new NounForm(Gender.MASCULINE, false, true, Case.INSTRUMENTAL),
            "letům", new NounForm(Gender.MASCULINE, false, true, Case.DATIVE),
            "roky", new NounForm(Gender.MASCULINE, false, true, null),
            "dny", new NounForm(Gender.MASCULINE, false, true, null),
            "dní", new NounForm(Gender.MASCULINE, false, true, Case.GENITIVE),
            "lidí", new NounForm(Gender.MASCULINE, true, true, Case.GENITIVE),
            "lidé", new NounForm(Gender.MASCULINE, true, true, Case.NOMINATIVE));

    static {
        // hard stems (bratr: bratři, bratry, bratrů, bratrům, bratrech) and soft stems (muž: muži, muže, mužů)
        animate("bratr syn kamarád vnuk kluk pán švagr manžel tchán soused občan kmotr dědeček:dědečk "
                + "pradědeček:pradědečk tatínek:tatínk strýček:strýčk bratranec:bratranc synovec:synovc otec:otc "
                + "chlapec:chlapc muž strýc přítel:přítel host student žák doktor profesor inženýr programátor "
                + "lékař učitel řidič prodavač novinář kuchař hasič zedník právník úředník ředitel šéf pilot "
                + "zákazník návštěvník spisovatel herec:herc zpěvák sportovec:sportovc vědec:vědc umělec:umělc "
                + "hráč voják Čech Němec:Němc Slovák Polák Američan Angličan účastník "
                + "zaměstnanec:zaměstnanc poslanec:poslanc senátor ministr prezident kandidát vítěz soupeř "
                + "trenér brankář útočník obránce:obránc rozhodčí:rozhodčí cestující:cestující "
                + "pes:ps kocour kůň:koň býk vlk medvěd lev:lv tygr pták had ježek:ježk králík křeček:křečk "
                + "papoušek:papoušk holub kohout beran osel:osl slon orel:orl brouk pavouk motýl červ komár "
                + "jelen zajíc:zajíc kapr sokol delfín");
        animateA("kolega předseda hrdina sluha turista policista fotbalista houslista cyklista tenista táta děda "
                + "strejda starosta");
    }

    private static void animate(String entries) {
        for (String e : entries.split(" ")) {
            int colon = e.indexOf(':');
            String nom = lower(colon < 0 ? e : e.substring(0, colon));
            String stem = lower(colon < 0 ? e : e.substring(colon + 1));
            put(nom, false, Case.NOMINATIVE);
            if (nom.endsWith("í")) continue; // adjectival nouns (rozhodčí, cestující): one form, the number decides
            boolean soft = "žščřcjďťň".indexOf(stem.charAt(stem.length() - 1)) >= 0 || stem.endsWith("tel");
            put(stem + (soft ? "e" : "a"), false, Case.ACCUSATIVE);
            put(stem + "ovi", false, Case.DATIVE);
            put(stem + "em", false, Case.INSTRUMENTAL);
            put(stem + "ové", true, Case.NOMINATIVE);
            put(stem + "i", true, Case.NOMINATIVE);
            put(stem + (soft ? "e" : "y"), true, Case.ACCUSATIVE);
            put(stem + "ů", true, Case.GENITIVE);
            put(stem + "ům", true, Case.DATIVE);
            put(stem + "ech", true, Case.LOCATIVE);
            put(stem + "ích", true, Case.LOCATIVE);
        }
        // plural stems that change: bratr → bratři, kluk → kluci, pták → ptáci, pes → psi, kůň → koně
        for (String p : ("bratři synové kamarádi vnuci kluci páni švagři manželé tchánové sousedé občané dědečkové "
                + "přátelé přátel přátelům přátelích přáteli hosté hostů hosty Češi Čechy Němci Slováci Poláci "
                + "Američané Angličané ptáci psi koně koní koním koních býci vlci medvědi lvi tygři hadi králíci "
                + "holubi kohouti berani osli sloni orli brouci pavouci motýli červi komáři jeleni zajíci kapři "
                + "sokoli delfíni doktoři profesoři inženýři programátoři senátoři ministři kandidáti piloti "
                + "šéfové soupeři trenéři účastníci zákazníci návštěvníci úředníci právníci zedníci útočníci "
                + "zpěváci vojáci žáci studenti prezidenti").split(" ")) {
            ANIMATE.put(lower(p), new NounForm(Gender.MASCULINE, true, true, p.endsWith("ů") || p.equals("přátel")
                    || p.equals("koní") ? Case.GENITIVE : p.endsWith("ům") || p.equals("koním") ? Case.DATIVE
                    : p.endsWith("ích") ? Case.LOCATIVE : p.endsWith("y") || p.equals("koně") ? Case.ACCUSATIVE
                    : Case.NOMINATIVE));
        }
    }

    /** Masculine nouns in -a (kolega: kolegové, kolegy, kolegů, kolegům, kolezích). */
    private static void animateA(String entries) {
        for (String e : entries.split(" ")) {
            String stem = e.substring(0, e.length() - 1);
            put(e, false, Case.NOMINATIVE);
            put(stem + "u", false, Case.ACCUSATIVE);
            put(stem + "ovi", false, Case.DATIVE);
            put(stem + "ou", false, Case.INSTRUMENTAL);
            put(stem + "ové", true, Case.NOMINATIVE);
            put(stem + "é", true, Case.NOMINATIVE);
            put(stem + "y", true, Case.ACCUSATIVE);
            put(stem + "ů", true, Case.GENITIVE);
            put(stem + "ům", true, Case.DATIVE);
            put(stem + "ech", true, Case.LOCATIVE);
        }
    }

    private static void put(String form, boolean plural, Case cs) {
        ANIMATE.putIfAbsent(form, new NounForm(Gender.MASCULINE, true, plural, cs));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a noun form: the animate lexicon and a few irregular plurals first, then plural endings (-ech/-ích/-ách
     * locative, -ům/-ám dative, -ami/-emi instrumental, -ů genitive), else a singular of the gender
     * {@link #genderOf} gives, case unknown.
     */
    static NounForm analyze(String word) {
        String w = lower(word);
        NounForm known = ANIMATE.get(w);
        if (known == null) known = PLURALS.get(w);
        if (known != null) return known;
        Gender g = genderOf(w);
        if (w.length() >= 5 && (w.endsWith("ech") || w.endsWith("ích") || w.endsWith("ách"))) {
            return new NounForm(g, false, true, Case.LOCATIVE);
        }
        if (w.length() >= 4 && (w.endsWith("ům") || w.endsWith("ám"))) return new NounForm(g, false, true, Case.DATIVE);
        if (w.length() >= 5 && w.endsWith("mi") && !w.equals("velmi")) { // rukami, koňmi, dveřmi, dětmi
            return new NounForm(g, false, true, Case.INSTRUMENTAL);
        }
        if (w.length() >= 3 && w.endsWith("ů")) return new NounForm(g, false, true, Case.GENITIVE);
        // a masculine noun in -y is plural (hrady, ročníky: nominative, accusative or instrumental)
        if (w.endsWith("y") && LEXICON.get(w) == Gender.MASCULINE) return new NounForm(g, false, true, null);
        return new NounForm(g, false, false, null);
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
        String w = word.toLowerCase(Locale.ROOT);
        NounForm animate = ANIMATE.get(w);
        if (animate != null) return Gender.MASCULINE;
        Gender known = LEXICON.get(w);
        if (known != null) return known;
        if (w.endsWith("a") || w.endsWith("y") || w.endsWith("ice") || w.endsWith("ost") || w.endsWith("ou")) {
            return Gender.FEMININE;
        }
        if (w.endsWith("o") || w.endsWith("í") || w.endsWith("ě")) return Gender.NEUTER;
        return Gender.MASCULINE;
    }

    /**
     * The case a number takes after {@code preposition}, given the noun after the number (for prepositions that
     * take two cases: "v pěti minutách" is locative, "v pět hodin" accusative).
     */
    static Case caseAfter(String preposition, String noun, boolean ordinal) {
        String p = preposition.toLowerCase(Locale.ROOT);
        if (GENITIVE_PREPS.contains(p)) return Case.GENITIVE;
        if (DATIVE_PREPS.contains(p)) return Case.DATIVE;
        if (INSTRUMENTAL_PREPS.contains(p)) return Case.INSTRUMENTAL;
        if (p.equals("za")) return ordinal ? Case.GENITIVE : Case.ACCUSATIVE;
        if (LOCATIVE_OR_ACCUSATIVE.contains(p)) {
            if (p.equals("při")) return Case.LOCATIVE;
            String n = noun.toLowerCase(Locale.ROOT);
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

    /** An ordinal agreeing with a noun form in gender, animacy, number and case (ve dvacátých letech). */
    static String ordinal(long n, NounForm noun, Case c) {
        if (!noun.plural()) {
            if (c == Case.ACCUSATIVE && noun.animate()) {
                return Spellout.czech(n, "%spellout-ordinal-masculine-animate-accusative");
            }
            return ordinal(n, noun.gender(), c);
        }
        String rs = switch (c) {
            case NOMINATIVE -> noun.animate() ? "%spellout-ordinal-masculine-animate-plural"
                    : "%spellout-ordinal-" + name(noun.gender()) + "-plural";
            case ACCUSATIVE -> "%spellout-ordinal-" + name(noun.gender()) + "-plural-accusative";
            default -> "%spellout-ordinal-plural" + c.suffix;
        };
        return Spellout.czech(n, rs);
    }

    /** A cardinal counting a noun form: as {@link #cardinal}, but "jednoho" before an animate accusative (bratra). */
    static String cardinal(long n, NounForm noun, Case c) {
        if (c == Case.ACCUSATIVE && noun.animate() && n % 10 == 1 && n % 100 != 11 && n < 20) {
            return Spellout.czech(n, "%spellout-cardinal-masculine-animate-accusative");
        }
        return cardinal(n, noun.gender(), c);
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
