package dev.hlas.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
            return margin >= CONFIDENT_MARGIN;
        }

        /** The margin as a confidence between 0 and 1; 0.5 and above is {@link #confident()}. */
        public double confidence() {
            return confidenceOf(margin);
        }
    }

    /**
     * What the detector can say about one sentence before any context is asked.
     *
     * @param best          the language with the most evidence, or null when no candidate has any
     * @param confidence    0–1; at least {@link #CONFIDENT} means the sentence decides its own language
     * @param plausible     the candidates the evidence does not rule out (just {@code best} when confident, every
     *                      candidate when there is no evidence); context may only choose among these
     * @param byVocabulary  whether the word lists decided (a short sentence with a word only one language has)
     */
    public record Assessment(String best, double confidence, Set<String> plausible, boolean byVocabulary) {
        public Assessment {
            plausible = Set.copyOf(plausible);
        }

        public boolean confident() {
            return best != null && confidence >= CONFIDENT;
        }
    }

    /** Confidence at and above which a sentence's own evidence decides its language. */
    public static final double CONFIDENT = 0.5;
    /** Sentences of at most this many words are decided by the word lists first. */
    public static final int SHORT_WORDS = 4;
    private static final double CONFIDENT_MARGIN = 1.5;
    /** Evidence a word of a language's frequent-word list adds on sentences of any length. */
    private static final double VOCABULARY_WEIGHT = 1.5;

    private static double confidenceOf(double margin) {
        return margin <= 0 ? 0 : margin / (margin + CONFIDENT_MARGIN);
    }

    private static final Map<String, double[]> WORDS = new HashMap<>();
    private final Vocabulary vocabulary = Vocabulary.BUILT_IN;
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
        double[] score = scores(text, new ArrayList<>());
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

    /**
     * Weighs one sentence among {@code candidates}: on a short sentence ({@value #SHORT_WORDS} words or fewer) the
     * word lists first — a word only one candidate's list has decides, a word several share narrows the choice to
     * them — then letters, function words and endings among what is left.
     */
    public Assessment assess(CharSequence text, Set<String> candidates) {
        List<String> words = new ArrayList<>();
        double[] score = scores(text, words);
        Set<String> plausible = new LinkedHashSet<>();
        for (String l : SUPPORTED) if (candidates.contains(l)) plausible.add(l);
        if (plausible.isEmpty()) return new Assessment(null, 0, plausible, false);
        if (!words.isEmpty() && words.size() <= SHORT_WORDS) {
            int[] votes = new int[SUPPORTED.size()];
            boolean known = false;
            for (String w : words) {
                int mask = vocabulary.languagesOf(w);
                for (int l = 0; l < votes.length; l++) {
                    if ((mask & 1 << l) != 0 && plausible.contains(SUPPORTED.get(l))) {
                        votes[l]++;
                        known = true;
                    }
                }
            }
            if (known) {
                int max = 0;
                for (int l = 0; l < votes.length; l++) {
                    if (plausible.contains(SUPPORTED.get(l))) max = Math.max(max, votes[l]);
                }
                int second = 0;
                Set<String> leaders = new LinkedHashSet<>();
                for (int l = 0; l < votes.length; l++) {
                    if (!plausible.contains(SUPPORTED.get(l))) continue;
                    if (votes[l] == max) leaders.add(SUPPORTED.get(l));
                    else second = Math.max(second, votes[l]);
                }
                if (leaders.size() == 1) {
                    String winner = leaders.iterator().next();
                    return new Assessment(winner, 1 - 0.2 / (max - second), Set.of(winner), true);
                }
                plausible = leaders;
            }
        }
        String best = null;
        double bestScore = 0;
        for (String l : plausible) {
            double v = score[SUPPORTED.indexOf(l)];
            if (v > bestScore) {
                best = l;
                bestScore = v;
            }
        }
        if (best == null) return new Assessment(null, 0, plausible, false);
        double second = 0;
        for (String l : plausible) if (!l.equals(best)) second = Math.max(second, score[SUPPORTED.indexOf(l)]);
        double confidence = confidenceOf(bestScore - second);
        if (confidence >= CONFIDENT) return new Assessment(best, confidence, Set.of(best), false);
        Set<String> close = new LinkedHashSet<>();
        for (String l : plausible) if (score[SUPPORTED.indexOf(l)] > bestScore - CONFIDENT_MARGIN) close.add(l);
        return new Assessment(confidence > 0 ? best : null, confidence, close, false); // a tie is no guess
    }

    /** Evidence per language of {@link #SUPPORTED}; collects the lower-case words into {@code words}. */
    private static double[] scores(CharSequence text, List<String> words) {
        double[] score = new double[4];
        int n = text.length();
        int wordStart = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? Character.toLowerCase(text.charAt(i)) : ' ';
            if (Character.isLetter(c) || (c == '\'' || c == '\u2019') && wordStart >= 0) {
                if (wordStart < 0) wordStart = i;
                letter(c, i > 0 && wordStart < i, score);
            } else if (wordStart >= 0) {
                String word = text.subSequence(wordStart, i).toString().replace('\u2019', '\'');
                if (word.equals("I") || word.startsWith("I'")) score[EN] += 2; // the English pronoun
                String lower = word.toLowerCase(Locale.ROOT);
                words.add(lower);
                word(lower, score);
                wordStart = -1;
            }
        }
        return score;
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
        int listed = Vocabulary.BUILT_IN.languagesOf(w);
        for (int l = 0; l < 4; l++) if ((listed & 1 << l) != 0) s[l] += VOCABULARY_WEIGHT;
        int len = w.length();
        if (len < 2) {
            if (w.equals("v") || w.equals("s") || w.equals("z") || w.equals("k")) {
                s[CS] += 0.7;
                s[SK] += 0.7;
            }
            return;
        }
        if (w.contains("th") || w.contains("wh")) s[EN] += 1;
        if (w.contains("gh")) s[EN] += 1.5; // night, right, through: no Czech or Slovak word has gh
        int apostrophe = w.indexOf('\'');
        if (apostrophe > 0 && List.of("s", "t", "re", "ll", "ve", "d", "m").contains(w.substring(apostrophe + 1))) {
            s[EN] += 2; // where's, don't, we're: English contractions
        }
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
        // Slovak diphthongs: ie inside a word (mlieko, viem) and in verbal nouns (pripojenie; Czech -ení), where
        // Czech has í/é; a final -ie alone is Czech too (baterie, série). Final -ia (batéria; Czech -ie).
        if (w.contains("ie") && !w.endsWith("ie") || w.endsWith("enie") || w.endsWith("anie")) s[SK] += 1.5;
        if (w.contains("ie") && !w.endsWith("ie")) s[DE] += 1.0; // German's commonest digraph (viel, wie, sie)
        if (w.endsWith("čie") || w.endsWith("šie") || w.endsWith("žie") || w.endsWith("jie")) s[SK] += 1.5;
        if (w.endsWith("ia") && len > 3) s[SK] += 1.5;
        else if (w.contains("ia") || w.contains("iu")) s[SK] += 0.6;
        if (w.endsWith("ica") || w.endsWith("icu")) s[SK] += 1.0; // stanica (Czech stanice)
        // Slovak where Czech differs: -ť infinitives (-sť: Czech -st), dz, -ov (Czech -ů), pre-/pri- (Czech
        // pře-/při-), adverbs in -ne (Czech -ně), past tense -ol (Czech -l), instrumental -om (Czech -em)
        if (w.endsWith("sť")) s[SK] += 2.0;
        else if (w.endsWith("ť")) s[SK] += 1.5;
        if (w.contains("dz")) s[SK] += 1.0;
        if (w.startsWith("pri") && len > 4 && !w.startsWith("prin") && !w.startsWith("prio") && !w.startsWith("prim")
                && !w.startsWith("priv")) {
            s[SK] += 1.0;
        }
        // Czech where Slovak differs: ou inside a word (soused, pouze; Slovak u), verbal nouns in -ní (Slovak -nie)
        if (w.contains("ou") && !w.endsWith("ou")) s[CS] += 0.8;
        if (w.endsWith("ní") && len > 3) s[CS] += 1.0;
        // Czech neuter passive participles, the usual assistant confirmation (ztlumeno, zhasnuto; Slovak -né, -té)
        if (w.endsWith("eno") && len > 5 || w.endsWith("nuto") || w.endsWith("ováno")) s[CS] += 1.5;
        // consonant clusters English and German never start a word with (zkus, znovu, kde, vždy)
        if (w.length() > 2 && (w.charAt(0) == 'z' && "bcdfghjklmnprstvžčšř".indexOf(w.charAt(1)) >= 0
                || w.startsWith("kd") || w.startsWith("vš") || w.startsWith("vz"))) {
            s[CS] += 1.0;
            s[SK] += 1.0;
        }
        if (w.endsWith("ov") && len > 3) s[SK] += 0.8;
        if (w.startsWith("pre") && len > 4) s[SK] += 0.8;
        if (w.endsWith("ne") && len > 4) s[SK] += 0.6;
        if (w.endsWith("ol") && len > 3) s[SK] += 0.8;
        if (w.endsWith("om") && len > 3) s[SK] += 0.5;
        if (w.endsWith("ovat") || w.endsWith("ních") || w.endsWith("ího") || w.endsWith("ími")) s[CS] += 0.8;
        if (w.endsWith("ovať") || w.endsWith("ného") || w.endsWith("ými")) s[SK] += 0.4;
    }
}
