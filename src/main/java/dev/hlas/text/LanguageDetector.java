package dev.hlas.text;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small, fast detector for the languages Hlas normalizes and routes: Czech, Slovak, English, German.
 *
 * <p>Evidence, summed per language: letters only one language uses ({@code ř ů ě} Czech, {@code ä ô ľ ĺ ŕ} Slovak,
 * {@code ß ö ü} German), letters the two West Slavic languages share, the most frequent function words of each
 * language, and a few telling letter sequences and word endings ({@code th}, {@code -ing}; {@code sch}, {@code -ung};
 * {@code ie/ia/iu} and {@code -ť} in Slovak). A few kilobytes of tables, no model file, about a microsecond per
 * word. Stateless and thread-safe.
 */
public final class LanguageDetector {
    /** Languages this detector can tell apart. */
    public static final List<String> SUPPORTED = List.of("cs", "sk", "en", "de");

    /**
     * The outcome for one text.
     *
     * @param language  the best language among the candidates
     * @param margin    how much more evidence it has than the runner-up (0 when there was no evidence)
     */
    public record Result(String language, double margin) {
        /** Whether the evidence is strong enough to trust over the surrounding text's language. */
        public boolean confident() {
            return margin >= 1.5;
        }
    }

    private static final Map<String, double[]> WORDS = new HashMap<>();
    private static final int CS = 0;
    private static final int SK = 1;
    private static final int EN = 2;
    private static final int DE = 3;

    static {
        words(CS, 2.0, "jsem jsi jsme jste jsou není nejsou se také který která které kterou ještě proč když nebo "
                + "tady teď děkuji děkujeme velmi protože být bude budou mě mně než již jenom něco nic všechno "
                + "hodně dnes zítra včera kde jak jako ale však pouze mezi podle musí může můžu můžeme chci chceme "
                + "máme mají jeho její jejich tohle tento tato toto tu ty vy my on ona oni ano ne prosím moc docela "
                + "opravdu jestli aby ani bych bys by tedy takže potom pak už tam sem taky co jaký jaká jaké kdo "
                + "vás nás jsem vám nám tím této tohoto těch jsme ze ve ke se sebe sobě bylo byla byl byli mám má "
                + "dobrý dobrá dobré den dobrou noc místo město lidé rok roku let hodin pro při přes před za "
                + "to do je mi ti si na a i o u ten ta");
        words(SK, 2.0, "som si sme ste sú nie nesú sa tiež ktorý ktorá ktoré ktorú ešte prečo keď alebo tu teraz "
                + "ďakujem ďakujeme veľmi pretože byť bude budú ma mne než už len niečo nič všetko veľa dnes zajtra "
                + "včera kde ako ale však iba medzi podľa musí môže môžem môžeme chcem chceme máme majú jeho jej "
                + "ich toto tento táto tu vy my on ona oni áno nie prosím dosť naozaj či aby ani by tak potom "
                + "tam sem aj čo aký aká aké kto vás nás vám nám tým tejto tohto tých sme zo vo so ku seba sebe "
                + "bolo bola bol boli mám má dobrý dobrá dobré deň dobrú noc miesto mesto ľudia rok roku rokov "
                + "hodín pre pri cez pred za lebo stále vždy hneď kým ktorí mali mal to do je mi ti si na a o u "
                + "ten ta");
        words(EN, 2.0, "the a an is are was were be been to of and in that it for on with as at by this have has "
                + "had not you he she we they i my your do does did will would can could what which who there "
                + "their from or but if so about all just more no yes please thanks thank hello how when where why "
                + "it's don't i'm you're that's our us me him her them its than then into out up one new time "
                + "should must these those been being here very also get got make like good day night today "
                + "tomorrow people year years hours let let's never mind always something nothing know think want "
                + "need go come see look right well now back only over after first last much many some any way "
                + "thing work again still even off down too most other such may might");
        words(DE, 2.0, "der die das und ist nicht ich du er sie es wir ihr ein eine einen einem dem den des zu mit "
                + "auf für von im sind war hat haben auch noch wie was wo wann warum aber oder wenn dass so nur "
                + "schon sehr bitte danke hallo heute morgen kann können wird werden mein dein kein keine nein ja "
                + "gut bei aus nach über um man sich mir mich dir dich uns euch habe bin bist wurde wieder hier "
                + "dort jetzt immer viel mehr gibt geht gehen machen diese dieser dieses zum zur vom am ins "
                + "tag nacht jahr jahre stunden leute warte komm geh mach sag gib nimm kurz mal doch etwas nichts "
                + "alles ganz gern gerne bis seit ohne gegen durch unter zwischen wieder weil also denn sein");
    }

    private static void words(int lang, double weight, String list) {
        for (String w : list.split(" ")) WORDS.computeIfAbsent(w, k -> new double[4])[lang] = weight;
    }

    /**
     * Detects the language of {@code text} among {@code candidates} (a subset of {@link #SUPPORTED}).
     *
     * @param fallback returned with margin 0 when nothing speaks for any candidate
     */
    public Result detect(CharSequence text, Set<String> candidates, String fallback) {
        double[] score = new double[4];
        int n = text.length();
        int wordStart = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? Character.toLowerCase(text.charAt(i)) : ' ';
            if (Character.isLetter(c) || c == '\'' && wordStart >= 0) {
                if (wordStart < 0) wordStart = i;
                letter(c, i > 0 && wordStart < i, score);
            } else if (wordStart >= 0) {
                String word = text.subSequence(wordStart, i).toString();
                if (word.equals("I") || word.startsWith("I'")) score[EN] += 2; // the English pronoun
                word(word.toLowerCase(Locale.ROOT), score);
                wordStart = -1;
            }
        }
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < 4; l++) {
            if (candidates.contains(SUPPORTED.get(l)) && score[l] > bestScore) {
                best = SUPPORTED.get(l);
                bestScore = score[l];
            }
        }
        if (best == null || bestScore <= 0) return new Result(fallback, 0);
        double second = 0;
        for (int l = 0; l < 4; l++) {
            if (candidates.contains(SUPPORTED.get(l)) && !SUPPORTED.get(l).equals(best)) {
                second = Math.max(second, score[l]);
            }
        }
        return new Result(best, bestScore - second);
    }

    private static void letter(char c, boolean inside, double[] s) {
        switch (c) {
            case 'ř', 'ů', 'ě' -> s[CS] += 3;
            case 'ô', 'ľ', 'ĺ', 'ŕ' -> s[SK] += 3;
            case 'ä' -> {
                s[SK] += 1.5;
                s[DE] += 2;
            }
            case 'ß', 'ö', 'ü' -> s[DE] += 3;
            case 'č', 'š', 'ž', 'ý', 'ň', 'ť', 'ď', 'á', 'í', 'é' -> {
                s[CS] += 1.5;
                s[SK] += 1.5;
            }
            case 'ú' -> {
                if (inside) s[SK] += 1.5;
                else s[CS] += 1;
                s[SK] += 0.5;
            }
            case 'w' -> {
                s[EN] += 0.5;
                s[DE] += 0.5;
            }
            case 'q' -> s[EN] += 0.5;
            default -> {
            }
        }
    }

    private static void word(String w, double[] s) {
        double[] weights = WORDS.get(w);
        if (weights != null) for (int l = 0; l < 4; l++) s[l] += weights[l];
        int len = w.length();
        if (len < 2) {
            if (w.equals("v") || w.equals("s") || w.equals("z") || w.equals("k")) {
                s[CS] += 0.7;
                s[SK] += 0.7;
            }
            return;
        }
        if (w.contains("th") || w.contains("wh")) s[EN] += 1;
        if (w.endsWith("ing") && len > 4 || w.endsWith("tion") || w.endsWith("ly") && len > 4) s[EN] += 1;
        if (w.contains("ee") || w.contains("oo") || w.contains("ea") || w.contains("ou") && !w.endsWith("ou")) {
            s[EN] += 0.5;
        }
        if (w.endsWith("ou") && len > 3) s[CS] += 0.5;
        if (w.contains("sch") || w.contains("ei") || w.contains("eu") || w.contains("tz") || w.contains("ck")) {
            s[DE] += 0.8;
        }
        if (w.endsWith("ung") || w.endsWith("keit") || w.endsWith("heit") || w.endsWith("lich") || w.endsWith("chen")
                || w.endsWith("en") && len > 4) {
            s[DE] += 0.8;
        }
        if (w.contains("ie") || w.contains("ia") || w.contains("iu")) s[SK] += 0.6;
        // Slovak where Czech differs: -ť infinitives, dz, -ov (Czech -ů), pre- (Czech pře-/pro-), adverbs in -ne
        // (Czech -ně), past tense -ol (Czech -l), instrumental -om (Czech -em)
        if (w.endsWith("ť") || w.contains("dz")) s[SK] += 0.6;
        if (w.endsWith("ov") && len > 3) s[SK] += 0.8;
        if (w.startsWith("pre") && len > 4) s[SK] += 0.8;
        if (w.endsWith("ne") && len > 4) s[SK] += 0.6;
        if (w.endsWith("ol") && len > 3) s[SK] += 0.8;
        if (w.endsWith("om") && len > 3) s[SK] += 0.5;
        if (w.endsWith("ovat") || w.endsWith("ních") || w.endsWith("ího") || w.endsWith("ími")) s[CS] += 0.8;
        if (w.endsWith("ovať") || w.endsWith("ného") || w.endsWith("ými")) s[SK] += 0.4;
    }
}
