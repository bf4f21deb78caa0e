package dev.hlas.engine.kokoro;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * misaki's English G2P for Kokoro voices, in Java (see docs/ENGINES.md, "Kokoro: English G2P"): words looked up in
 * the gold then the silver dictionary, misaki's rules for function words, case, stress and the {@code -s},
 * {@code -ed}, {@code -ing} suffixes, and espeak-ng (through the fallback mapping) for the words no rule reaches.
 *
 * <p>Where misaki runs spaCy's tokenizer and tagger, this class tokenizes on its own (whitespace, clause
 * punctuation, misaki's split of a word into sub-tokens, contractions split off as spaCy does) and guesses the few
 * part-of-speech tags the dictionaries distinguish from the neighbouring words ({@link #tag}).
 *
 * <p>Immutable and thread-safe; the dictionaries are shared read-only.
 */
public final class MisakiG2p {
    private static final char PRIMARY = 'ˈ';
    private static final char SECONDARY = 'ˌ';
    private static final String VOWELS = "AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ";
    private static final String CONSONANTS = "bdfhjklmnpstvwzðŋɡɹɾʃʒʤʧθ";
    private static final String DIPHTHONGS = "AIOQWYʤʧ";
    private static final String US_TAUS = "AIOWYiuæɑəɛɪɹʊʌ";
    private static final String NON_QUOTE_PUNCTS = ";:,.!?—…";
    /** Characters that make up no sound inside a word ({@code well-known}, {@code e.g.}). */
    private static final String JUNK = "',-._‘’/";
    private static final Map<String, String> SYMBOLS = Map.of("%", "percent", "&", "and", "+", "plus", "@", "at");
    private static final Set<String> CLITICS = Set.of("'s", "'ll", "'re", "'ve", "'d", "'m", "n't");

    private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "this", "that", "these", "those", "my",
            "your", "his", "her", "its", "our", "their", "some", "any", "no", "every", "each", "another", "whose",
            "which", "what", "one", "first", "last", "next");
    private static final Set<String> VERB_BEFORE = Set.of("to", "will", "would", "can", "could", "shall", "should",
            "may", "might", "must", "do", "does", "did", "don't", "doesn't", "didn't", "won't", "can't", "couldn't",
            "wouldn't", "shouldn't", "let's", "please", "i'll", "you'll", "we'll", "they'll");
    private static final Set<String> PERFECT = Set.of("have", "has", "had", "having", "i've", "you've", "we've",
            "they've", "i'd", "you'd", "he'd", "she'd", "we'd", "they'd");
    private static final Set<String> BE = Set.of("is", "are", "was", "were", "be", "been", "being", "am", "it's",
            "he's", "she's", "that's", "i'm", "you're", "we're", "they're", "very", "so", "too", "more", "most");
    private static final Set<String> PRESENT_SUBJECTS = Set.of("i", "you", "we", "they");
    private static final Set<String> PAST_SUBJECTS = Set.of("he", "she", "it", "who");

    private final MisakiLexicon gold;
    private final MisakiLexicon silver;
    private final boolean british;

    /**
     * @param gold    the gold dictionary of the variant
     * @param silver  the silver dictionary of the variant (may be {@link MisakiLexicon#empty()})
     * @param british British English rules ({@code ɪ} where American has {@code ᵻ}, no flap)
     */
    public MisakiG2p(MisakiLexicon gold, MisakiLexicon silver, boolean british) {
        this.gold = gold;
        this.silver = silver;
        this.british = british;
    }

    /**
     * One written word (or a punctuation mark) and how it is read.
     *
     * @param text     as written
     * @param phonemes Kokoro symbols
     * @param source   where they came from; null for punctuation
     */
    public record Word(String text, String phonemes, WordSource source) {
    }

    /**
     * A phonemized text.
     *
     * @param phonemes Kokoro symbols with clause punctuation and single spaces between words
     * @param words    every word and punctuation mark, in order
     */
    public record Result(String phonemes, List<Word> words) {
        public Result {
            words = List.copyOf(words);
        }
    }

    /**
     * Phonemizes one text (usually a sentence).
     *
     * @param espeak    phonemes of a word no dictionary knows, already in Kokoro's symbols, or null/empty when even
     *                  espeak-ng has none
     * @param overrides pronunciations that win over misaki (a pronunciation lexicon)
     * @param language  passed to {@code overrides}
     */
    public Result phonemize(String text, Function<String, String> espeak, KokoroWordOverrides overrides,
                            KokoroLanguage language) {
        List<Item> items = tokenize(Normalizer.normalize(text, Normalizer.Form.NFKC));
        for (int i = 0; i < items.size(); i++) items.get(i).tag = tag(items, i);
        Context ctx = new Context(null, false);
        for (int i = items.size() - 1; i >= 0; i--) {
            Item item = items.get(i);
            if (item.punct) {
                ctx = ctx.next(item.phonemes, item.text);
                continue;
            }
            String override = overrides.phonemes(item.text, language).orElse(null);
            if (override != null) {
                item.phonemes = override;
                item.source = WordSource.LEXICON;
            } else {
                resolve(item, ctx, espeak);
            }
            ctx = ctx.next(item.phonemes, item.text);
        }
        StringBuilder out = new StringBuilder();
        List<Word> words = new ArrayList<>(items.size());
        for (Item item : items) {
            String ps = item.phonemes == null ? "" : item.phonemes.replace('ɾ', 'T').replace('ʔ', 't');
            out.append(ps);
            if (item.space) out.append(' ');
            words.add(new Word(item.text, KokoroVocab.keepKnown(ps), item.punct ? null : item.source));
        }
        String phonemes = KokoroVocab.keepKnown(out).replaceAll(" {2,}", " ").strip();
        return new Result(phonemes, words);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tokens

    /** A punctuation mark, or a written word with its sub-tokens ({@code well-known} → well, -, known). */
    private static final class Item {
        final String text;
        final boolean punct;
        /** What to read instead of the text ({@code to} for a 2 in {@code G2P}), or null. */
        String alias;
        boolean space;
        List<Part> parts;
        String tag;
        String phonemes;
        WordSource source;

        Item(String text, boolean punct) {
            this.text = text;
            this.punct = punct;
        }
    }

    /** One sub-token of a word. */
    private static final class Part {
        final String text;
        String phonemes;
        WordSource source;
        boolean prespace;

        Part(String text) {
            this.text = text;
        }
    }

    /**
     * Splits text like spaCy does for misaki: whitespace separates, clause punctuation, quotes and brackets at a
     * word's edges are their own tokens, dashes inside a word separate it, and the rest of a word is cut into
     * sub-tokens.
     */
    static List<Item> tokenizeForTest(String text) {
        return tokenize(text);
    }

    private static List<Item> tokenize(String text) {
        List<Item> items = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (Character.isWhitespace(text.charAt(i))) {
                if (!items.isEmpty()) items.getLast().space = true;
                i++;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) end++;
            chunk(text.substring(i, end), items);
            i = end;
        }
        return items;
    }

    private static void chunk(String chunk, List<Item> items) {
        if (chunk.equals("-") || chunk.equals("–") || chunk.equals("--")) {
            punct(chunk, "—", items);
            return;
        }
        int from = 0;
        int to = chunk.length();
        while (from < to && leadingPunct(chunk.charAt(from))) {
            char c = chunk.charAt(from);
            punct(String.valueOf(c), punctPhonemes(c, true), items);
            from++;
        }
        List<Item> trailing = new ArrayList<>();
        while (to > from && trailingPunct(chunk, from, to)) {
            char c = chunk.charAt(to - 1);
            trailing.addFirst(new Item(String.valueOf(c), true));
            trailing.getFirst().phonemes = punctPhonemes(c, false);
            to--;
        }
        String core = chunk.substring(from, to);
        int start = 0;
        for (int k = 0; k < core.length(); k++) {
            char c = core.charAt(k);
            boolean dash = c == '—' || c == '–' || c == '…'
                    || c == '-' && k + 1 < core.length() && core.charAt(k + 1) == '-';
            if (!dash) continue;
            word(core.substring(start, k), items);
            int after = c == '-' ? k + 2 : k + 1;
            punct(core.substring(k, after), c == '…' ? "…" : "—", items);
            start = after;
            k = after - 1;
        }
        word(core.substring(start), items);
        items.addAll(trailing);
    }

    /**
     * A written word as one item, except that a {@code 2} between letters ({@code G2P}, {@code peer2peer}) is read
     * "to", as its own word: the word is cut around it, with no space between the pieces.
     */
    private static void word(String text, List<Item> items) {
        if (text.isEmpty()) return;
        List<String> subs = subtokens(text);
        List<String> pending = new ArrayList<>();
        for (int k = 0; k < subs.size(); k++) {
            String sub = subs.get(k);
            boolean to = sub.equals("2") && k > 0 && k + 1 < subs.size() && endsWithLetter(subs.get(k - 1))
                    && Character.isLetter(subs.get(k + 1).charAt(0));
            if (!to) {
                pending.add(sub);
                continue;
            }
            addWord(pending, items);
            pending.clear();
            Item two = new Item(sub, false);
            two.alias = "to";
            two.parts = List.of(new Part(sub));
            items.add(two);
        }
        addWord(pending, items);
    }

    private static void addWord(List<String> subs, List<Item> items) {
        if (subs.isEmpty()) return;
        Item item = new Item(String.join("", subs), false);
        item.parts = new ArrayList<>();
        for (String s : subs) item.parts.add(new Part(s));
        items.add(item);
    }

    private static boolean endsWithLetter(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(s.length() - 1));
    }

    private static void punct(String text, String phonemes, List<Item> items) {
        Item item = new Item(text, true);
        item.phonemes = phonemes;
        items.add(item);
    }

    private static boolean leadingPunct(char c) {
        return "\"“”«»([{*".indexOf(c) >= 0 || NON_QUOTE_PUNCTS.indexOf(c) >= 0;
    }

    /** Whether the last char of {@code chunk[from, to)} is punctuation to split off (a plural possessive's ' is not). */
    private static boolean trailingPunct(String chunk, int from, int to) {
        char c = chunk.charAt(to - 1);
        if ("\"“”«»)]}*".indexOf(c) >= 0 || NON_QUOTE_PUNCTS.indexOf(c) >= 0) return true;
        if (c == '\'' || c == '’') {
            boolean possessive = to - from >= 3 && (chunk.charAt(to - 2) == 's' || chunk.charAt(to - 2) == 'S');
            return !possessive;
        }
        return false;
    }

    private static String punctPhonemes(char c, boolean opening) {
        return switch (c) {
            case '"' -> opening ? "“" : "”";
            case '“', '”', '(', ')', '—', '…', ';', ':', ',', '.', '!', '?' -> String.valueOf(c);
            case '[', '{' -> "(";
            case ']', '}' -> ")";
            case '«' -> "“";
            case '»' -> "”";
            default -> "";
        };
    }

    /**
     * misaki's split of one written word into sub-tokens: leading and trailing apostrophes, digit runs (with inner
     * {@code , .}), runs of {@code - _}, letter runs (with inner apostrophes) cut where case changes inside a word
     * ({@code iPhone} → i, Phone; {@code HTTPServer} → HTTP, Server), any other character alone; then a
     * contraction's clitic is split off ({@code don't} → do, n't; {@code John's} → John, 's).
     */
    static List<String> subtokens(String word) {
        List<String> raw = new ArrayList<>();
        int n = word.length();
        int i = 0;
        while (i < n && isApostrophe(word.charAt(i))) i++;
        if (i > 0) raw.add(word.substring(0, i));
        int tailStart = n;
        while (tailStart > i && isApostrophe(word.charAt(tailStart - 1))) tailStart--;
        while (i < tailStart) {
            char c = word.charAt(i);
            int j = i + 1;
            if (Character.isDigit(c) || c == '-' && i == 0 && j < tailStart && Character.isDigit(word.charAt(j))) {
                while (j < tailStart && (Character.isDigit(word.charAt(j)) || (word.charAt(j) == ',' || word.charAt(j) == '.')
                        && j + 1 < tailStart && Character.isDigit(word.charAt(j + 1)))) j++;
            } else if (c == '-' || c == '_') {
                while (j < tailStart && (word.charAt(j) == '-' || word.charAt(j) == '_')) j++;
            } else if (Character.isLetter(c)) {
                while (j < tailStart && (Character.isLetter(word.charAt(j)) || isApostrophe(word.charAt(j))
                        && j + 1 < tailStart && Character.isLetter(word.charAt(j + 1)))) j++;
                splitCase(word.substring(i, j), raw);
                i = j;
                continue;
            }
            raw.add(word.substring(i, j));
            i = j;
        }
        if (tailStart < n && tailStart >= i) raw.add(word.substring(Math.max(tailStart, 0)));
        List<String> out = new ArrayList<>(raw.size() + 1);
        for (String s : raw) splitClitic(s, out);
        return out;
    }

    private static void splitCase(String letters, List<String> out) {
        int start = 0;
        for (int k = 1; k < letters.length(); k++) {
            char prev = letters.charAt(k - 1);
            char c = letters.charAt(k);
            boolean lowerToUpper = Character.isLowerCase(prev) && Character.isUpperCase(c);
            boolean acronymEnd = Character.isUpperCase(prev) && Character.isUpperCase(c) && k + 1 < letters.length()
                    && Character.isLowerCase(letters.charAt(k + 1));
            if (lowerToUpper || acronymEnd) {
                out.add(letters.substring(start, k));
                start = k;
            }
        }
        out.add(letters.substring(start));
    }

    private static void splitClitic(String s, List<String> out) {
        String lower = s.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'');
        for (String clitic : CLITICS) {
            if (lower.length() > clitic.length() && lower.endsWith(clitic)
                    && Character.isLetter(lower.charAt(lower.length() - clitic.length() - 1))) {
                int cut = s.length() - clitic.length();
                out.add(s.substring(0, cut));
                out.add(s.substring(cut));
                return;
            }
        }
        out.add(s);
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '‘' || c == '’';
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Part of speech

    /**
     * The part-of-speech heuristic that stands in for misaki's tagger. Only what the dictionaries and rules
     * distinguish is guessed, from the neighbouring words:
     * <ul>
     *   <li>all capitals ({@code NASA}) → proper noun ({@code NNP}: spelled out unless the gold dictionary stresses
     *       it);</li>
     *   <li>{@code a} → determiner unless punctuation or the end follows; {@code I} → pronoun; {@code to};
     *       {@code in}/{@code by} → preposition, adverb before punctuation or the end; {@code vs} → preposition;
     *       {@code used} → past tense (read {@code jˈust} before {@code to});</li>
     *   <li>after a determiner or possessive ({@code the}, {@code my}, {@code John's}) → noun;</li>
     *   <li>after {@code to}, a modal or {@code do} → verb; after {@code have}/{@code had} → past participle; after a
     *       form of {@code be} or an intensifier → adjective;</li>
     *   <li>after {@code I}/{@code you}/{@code we}/{@code they} → present verb, after {@code he}/{@code she}/
     *       {@code it} → past verb;</li>
     *   <li>anything else → no tag: the dictionary's {@code DEFAULT}.</li>
     * </ul>
     */
    static String tag(List<Item> items, int i) {
        Item item = items.get(i);
        if (item.punct) return null;
        String w = item.text;
        String lower = w.toLowerCase(Locale.ROOT).replace('’', '\'');
        boolean last = i + 1 >= items.size() || items.get(i + 1).punct;
        if (item.alias != null) return item.alias.equals("to") ? "TO" : null;
        if (w.length() >= 2 && w.chars().allMatch(Character::isUpperCase)) return "NNP";
        switch (lower) {
            case "a":
                return last ? "NN" : "DT";
            case "i":
                return w.equals("I") ? "PRP" : null;
            case "to":
                return "TO";
            case "in":
            case "by":
                return last ? "RB" : "IN";
            case "vs", "vs.":
                return "IN";
            case "used":
                return "VBD";
            case "the":
                return "DT";
            default:
                break;
        }
        if (i == 0 || items.get(i - 1).punct) return null;
        String prev = items.get(i - 1).text.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (DETERMINERS.contains(prev) || prev.endsWith("'s") && prev.length() > 2 && !BE.contains(prev)) return "NN";
        if (VERB_BEFORE.contains(prev)) return "VB";
        if (PERFECT.contains(prev)) return "VBN";
        if (BE.contains(prev)) return "JJ";
        if (PRESENT_SUBJECTS.contains(prev)) return "VBP";
        if (PAST_SUBJECTS.contains(prev)) return "VBD";
        return null;
    }

    private static String parentTag(String tag) {
        if (tag == null) return null;
        if (tag.startsWith("VB")) return "VERB";
        if (tag.startsWith("NN")) return "NOUN";
        if (tag.startsWith("ADV") || tag.startsWith("RB")) return "ADV";
        if (tag.startsWith("ADJ") || tag.startsWith("JJ")) return "ADJ";
        return tag;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Resolution

    /**
     * What follows a word, which a few words depend on: whether the next sound is a vowel (null when punctuation or
     * the end follows: {@code the} → ði before vowels; {@code won't} stressed at the end) and whether the next
     * word is {@code to}.
     */
    private record Context(Boolean futureVowel, boolean futureTo) {
        Context next(String phonemes, String text) {
            Boolean vowel = futureVowel;
            if (phonemes != null) {
                for (int k = 0; k < phonemes.length(); k++) {
                    char c = phonemes.charAt(k);
                    if (NON_QUOTE_PUNCTS.indexOf(c) >= 0) {
                        vowel = null;
                        break;
                    }
                    if (VOWELS.indexOf(c) >= 0) {
                        vowel = true;
                        break;
                    }
                    if (CONSONANTS.indexOf(c) >= 0) {
                        vowel = false;
                        break;
                    }
                }
            }
            boolean to = text.equals("to") || text.equals("To") || text.equals("TO");
            return new Context(vowel, to);
        }
    }

    private record Hit(String phonemes, WordSource source) {
    }

    /** misaki's resolution of one written word: the longest known span of sub-tokens, from the right. */
    private void resolve(Item item, Context ctx, Function<String, String> espeak) {
        List<Part> parts = item.parts;
        if (parts.size() == 1) {
            Hit hit = word(item.alias != null ? item.alias : item.text, item.tag, ctx);
            if (hit != null) {
                item.phonemes = hit.phonemes();
                item.source = hit.source();
            } else {
                fallback(item, espeak);
            }
            return;
        }
        int left = 0;
        int right = parts.size();
        Context c = ctx;
        while (left < right) {
            boolean taken = false;
            for (int k = left; k < right; k++) if (parts.get(k).phonemes != null) taken = true;
            String merged = taken ? null : join(parts, left, right);
            Hit hit = merged == null ? null : word(merged, item.tag, c);
            if (hit != null) {
                parts.get(left).phonemes = hit.phonemes();
                parts.get(left).source = hit.source();
                for (int k = left + 1; k < right; k++) parts.get(k).phonemes = "";
                c = c.next(hit.phonemes(), merged);
                right = left;
                left = 0;
            } else if (left + 1 < right) {
                left++;
            } else {
                right--;
                Part part = parts.get(right);
                if (part.phonemes == null) {
                    if (isJunk(part.text)) {
                        part.phonemes = "";
                    } else {
                        fallback(item, espeak);
                        return;
                    }
                }
                left = 0;
            }
        }
        joinParts(item);
    }

    private void fallback(Item item, Function<String, String> espeak) {
        String ps = espeak.apply(item.text);
        item.phonemes = ps == null ? "" : ps;
        item.source = WordSource.ESPEAK;
    }

    private static String join(List<Part> parts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) sb.append(parts.get(k).text);
        return sb.toString();
    }

    private static boolean isJunk(String s) {
        for (int k = 0; k < s.length(); k++) if (JUNK.indexOf(s.charAt(k)) < 0) return false;
        return true;
    }

    /**
     * Joins a word's resolved sub-tokens: with spaces when the word mixes letters, digits and other characters,
     * otherwise as one word whose weaker half of primary stresses is demoted (as misaki does for compounds).
     */
    private static void joinParts(Item item) {
        List<Part> parts = item.parts;
        String text = item.text;
        int kinds = 0;
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (JUNK.indexOf(ch) >= 0) continue;
            kinds |= Character.isLetter(ch) ? 1 : ch >= '0' && ch <= '9' ? 2 : 4;
        }
        boolean prespace = text.indexOf('/') >= 0 || Integer.bitCount(kinds) > 1;
        for (int k = 1; k < parts.size(); k++) if (!parts.get(k).phonemes.isEmpty()) parts.get(k).prespace = prespace;
        if (!prespace) demoteStresses(parts);
        StringBuilder out = new StringBuilder();
        WordSource source = null;
        boolean mixed = false;
        for (Part p : parts) {
            if (p.phonemes.isEmpty()) continue;
            if (p.prespace && !out.isEmpty() && out.charAt(out.length() - 1) != ' ') out.append(' ');
            out.append(p.phonemes);
            if (source == null) source = p.source;
            else if (source != p.source) mixed = true;
        }
        item.phonemes = out.toString();
        item.source = mixed || source == null ? WordSource.RULE : source;
    }

    private static void demoteStresses(List<Part> parts) {
        List<Part> voiced = parts.stream().filter(p -> !p.phonemes.isEmpty()).toList();
        if (voiced.size() == 2 && voiced.getFirst().text.length() == 1) {
            Part second = voiced.get(1);
            second.phonemes = applyStress(second.phonemes, -0.5);
            return;
        }
        long primaries = voiced.stream().filter(p -> p.phonemes.indexOf(PRIMARY) >= 0).count();
        if (voiced.size() < 2 || primaries <= (voiced.size() + 1) / 2) return;
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < voiced.size(); k++) order.add(k);
        order.sort((a, b) -> {
            Part x = voiced.get(a);
            Part y = voiced.get(b);
            int c = Boolean.compare(x.phonemes.indexOf(PRIMARY) >= 0, y.phonemes.indexOf(PRIMARY) >= 0);
            if (c != 0) return c;
            c = Integer.compare(weight(x.phonemes), weight(y.phonemes));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; k < voiced.size() / 2; k++) {
            Part p = voiced.get(order.get(k));
            p.phonemes = applyStress(p.phonemes, -0.5);
        }
    }

    private static int weight(String ps) {
        int w = 0;
        for (int k = 0; k < ps.length(); k++) w += DIPHTHONGS.indexOf(ps.charAt(k)) >= 0 ? 2 : 1;
        return w;
    }

    /** One written word (or a span of sub-tokens) through misaki's lexicon: special words, dictionaries, suffixes. */
    private Hit word(String written, String tag, Context ctx) {
        String w = Normalizer.normalize(written.replace('‘', '\'').replace('’', '\''), Normalizer.Form.NFKC);
        Double stress = w.equals(w.toLowerCase(Locale.ROOT)) ? null : w.equals(w.toUpperCase(Locale.ROOT)) ? 2.0 : 0.5;
        return getWord(w, tag, stress, ctx);
    }

    private Hit getWord(String word, String tag, Double stress, Context ctx) {
        Hit special = specialCase(word, tag, stress, ctx);
        if (special != null) return special;
        String wl = word.toLowerCase(Locale.ROOT);
        if (word.length() > 1 && isAlpha(word.replace("'", "")) && !word.equals(wl)
                && (!"NNP".equals(tag) || word.length() > 7) && !gold.contains(word) && !silver.contains(word)
                && (word.equals(word.toUpperCase(Locale.ROOT))
                || word.substring(1).equals(word.substring(1).toLowerCase(Locale.ROOT)))
                && (gold.contains(wl) || silver.contains(wl) || stemS(wl, tag, stress, ctx) != null
                || stemEd(wl, tag, stress, ctx) != null || stemIng(wl, tag, stress, ctx) != null)) {
            word = wl;
        }
        if (isKnown(word)) return lookup(word, tag, stress, ctx);
        if (word.endsWith("s'") && isKnown(word.substring(0, word.length() - 2) + "'s")) {
            return lookup(word.substring(0, word.length() - 2) + "'s", tag, stress, ctx);
        }
        if (word.endsWith("'") && isKnown(word.substring(0, word.length() - 1))) {
            return lookup(word.substring(0, word.length() - 1), tag, stress, ctx);
        }
        Hit s = stemS(word, tag, stress, ctx);
        if (s != null) return s;
        Hit ed = stemEd(word, tag, stress, ctx);
        if (ed != null) return ed;
        return stemIng(word, tag, stress == null ? 0.5 : stress, ctx);
    }

    private Hit specialCase(String word, String tag, Double stress, Context ctx) {
        if (SYMBOLS.containsKey(word)) return lookup(SYMBOLS.get(word), null, null, ctx);
        String inner = strip(word, '.');
        if (inner.indexOf('.') >= 0 && isAlpha(word.replace(".", ""))) {
            int longest = 0;
            for (String piece : word.split("\\.", -1)) longest = Math.max(longest, piece.length());
            if (longest < 3) return nnp(word);
        }
        Boolean fv = ctx.futureVowel();
        switch (word) {
            case "a", "A":
                return rule("DT".equals(tag) ? "ɐ" : "ˈA");
            case "am", "Am", "AM":
                if (tag != null && tag.startsWith("NN")) return nnp(word);
                if (fv == null || !word.equals("am") || stress != null && stress > 0) return goldPlain("am");
                return rule("ɐm");
            case "an", "An", "AN":
                if (word.equals("AN") && tag != null && tag.startsWith("NN")) return nnp(word);
                return rule("ɐn");
            case "I":
                if ("PRP".equals(tag)) return rule(SECONDARY + "I");
                break;
            case "by", "By", "BY":
                if ("ADV".equals(parentTag(tag))) return rule("bˈI");
                break;
            case "the", "The":
                return rule(Boolean.TRUE.equals(fv) ? "ði" : "ðə");
            case "used", "Used", "USED":
                Object used = gold.get("used");
                if (used instanceof Map<?, ?> m) {
                    boolean past = ("VBD".equals(tag) || "JJ".equals(tag)) && ctx.futureTo();
                    Object ps = past ? m.get("VBD") : m.get("DEFAULT");
                    if (ps instanceof String s) return new Hit(s, WordSource.GOLD);
                }
                break;
            default:
                break;
        }
        if (word.equals("to") || word.equals("To") || word.equals("TO") && ("TO".equals(tag) || "IN".equals(tag))) {
            if (fv == null) return goldPlain("to");
            return rule(fv ? "tʊ" : "tə");
        }
        if (word.equals("in") || word.equals("In") || word.equals("IN") && !"NNP".equals(tag)) {
            return rule((fv == null || !"IN".equals(tag) ? "ˈ" : "") + "ɪn");
        }
        if (word.equals("THE") && "DT".equals(tag)) return rule(Boolean.TRUE.equals(fv) ? "ði" : "ðə");
        if ("IN".equals(tag) && word.matches("(?i)vs\\.?")) return lookup("versus", null, null, ctx);
        return null;
    }

    private static Hit rule(String ps) {
        return new Hit(ps, WordSource.RULE);
    }

    private Hit goldPlain(String word) {
        Object v = gold.get(word);
        if (v instanceof Map<?, ?> m) v = m.get("DEFAULT");
        return v instanceof String s ? new Hit(s, WordSource.GOLD) : null;
    }

    private boolean isKnown(String word) {
        if (gold.contains(word) || SYMBOLS.containsKey(word) || silver.contains(word)) return true;
        if (!isAsciiAlpha(word)) return false;
        if (word.length() == 1) return true;
        if (word.equals(word.toUpperCase(Locale.ROOT)) && gold.contains(word.toLowerCase(Locale.ROOT))) return true;
        return word.substring(1).equals(word.substring(1).toUpperCase(Locale.ROOT));
    }

    private Hit lookup(String word, String tag, Double stress, Context ctx) {
        boolean nnp = false;
        if (word.equals(word.toUpperCase(Locale.ROOT)) && !gold.contains(word)) {
            word = word.toLowerCase(Locale.ROOT);
            nnp = "NNP".equals(tag);
        }
        Object entry = gold.get(word);
        WordSource source = WordSource.GOLD;
        if (entry == null && !nnp) {
            entry = silver.get(word);
            source = WordSource.SILVER;
        }
        String ps;
        if (entry instanceof Map<?, ?> byTag) {
            String key = tag;
            if (ctx != null && ctx.futureVowel() == null && byTag.containsKey("None")) key = "None";
            else if (!byTag.containsKey(key)) key = parentTag(key);
            ps = (String) (byTag.containsKey(key) ? byTag.get(key) : byTag.get("DEFAULT"));
        } else {
            ps = (String) entry;
        }
        if (ps == null || nnp && ps.indexOf(PRIMARY) < 0) {
            Hit spelled = nnp(word);
            if (spelled != null) return spelled;
        }
        return ps == null ? null : new Hit(applyStress(ps, stress), source);
    }

    /** A word spelled letter by letter from the gold dictionary, the last stress made primary ({@code NASA} → …). */
    private Hit nnp(String word) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (!Character.isLetter(c)) continue;
            Object v = gold.get(String.valueOf(c).toUpperCase(Locale.ROOT));
            if (!(v instanceof String s)) return null;
            sb.append(s);
        }
        String ps = applyStress(sb.toString(), 0.0);
        int last = ps.lastIndexOf(SECONDARY);
        if (last >= 0) ps = ps.substring(0, last) + PRIMARY + ps.substring(last + 1);
        return new Hit(ps, WordSource.RULE);
    }

    // Suffixes: -s, -ed, -ing on a known stem.

    private String addS(String stem) {
        if (stem == null || stem.isEmpty()) return null;
        char last = stem.charAt(stem.length() - 1);
        if ("ptkfθ".indexOf(last) >= 0) return stem + "s";
        if ("szʃʒʧʤ".indexOf(last) >= 0) return stem + (british ? "ɪ" : "ᵻ") + "z";
        return stem + "z";
    }

    private Hit stemS(String word, String tag, Double stress, Context ctx) {
        if (word.length() < 3 || !word.endsWith("s")) return null;
        String stem;
        if (!word.endsWith("ss") && isKnown(word.substring(0, word.length() - 1))) {
            stem = word.substring(0, word.length() - 1);
        } else if ((word.endsWith("'s") || word.length() > 4 && word.endsWith("es") && !word.endsWith("ies"))
                && isKnown(word.substring(0, word.length() - 2))) {
            stem = word.substring(0, word.length() - 2);
        } else if (word.length() > 4 && word.endsWith("ies") && isKnown(word.substring(0, word.length() - 3) + "y")) {
            stem = word.substring(0, word.length() - 3) + "y";
        } else {
            return null;
        }
        Hit hit = lookup(stem, tag, stress, ctx);
        String ps = addS(hit == null ? null : hit.phonemes());
        return ps == null ? null : new Hit(ps, WordSource.RULE);
    }

    private String addEd(String stem) {
        if (stem == null || stem.isEmpty()) return null;
        char last = stem.charAt(stem.length() - 1);
        if ("pkfθʃsʧ".indexOf(last) >= 0) return stem + "t";
        if (last == 'd') return stem + (british ? "ɪ" : "ᵻ") + "d";
        if (last != 't') return stem + "d";
        if (british || stem.length() < 2) return stem + "ɪd";
        if (US_TAUS.indexOf(stem.charAt(stem.length() - 2)) >= 0) return stem.substring(0, stem.length() - 1) + "ɾᵻd";
        return stem + "ᵻd";
    }

    private Hit stemEd(String word, String tag, Double stress, Context ctx) {
        if (word.length() < 4 || !word.endsWith("d")) return null;
        String stem;
        if (!word.endsWith("dd") && isKnown(word.substring(0, word.length() - 1))) {
            stem = word.substring(0, word.length() - 1);
        } else if (word.length() > 4 && word.endsWith("ed") && !word.endsWith("eed")
                && isKnown(word.substring(0, word.length() - 2))) {
            stem = word.substring(0, word.length() - 2);
        } else {
            return null;
        }
        Hit hit = lookup(stem, tag, stress, ctx);
        String ps = addEd(hit == null ? null : hit.phonemes());
        return ps == null ? null : new Hit(ps, WordSource.RULE);
    }

    private String addIng(String stem) {
        if (stem == null || stem.isEmpty()) return null;
        char last = stem.charAt(stem.length() - 1);
        if (british) {
            if (last == 'ə' || last == 'ː') return null;
        } else if (stem.length() > 1 && last == 't' && US_TAUS.indexOf(stem.charAt(stem.length() - 2)) >= 0) {
            return stem.substring(0, stem.length() - 1) + "ɾɪŋ";
        }
        return stem + "ɪŋ";
    }

    private Hit stemIng(String word, String tag, Double stress, Context ctx) {
        if (word.length() < 5 || !word.endsWith("ing")) return null;
        String base = word.substring(0, word.length() - 3);
        String stem;
        if (word.length() > 5 && isKnown(base)) {
            stem = base;
        } else if (isKnown(base + "e")) {
            stem = base + "e";
        } else if (word.length() > 5 && doubledBeforeIng(word) && isKnown(word.substring(0, word.length() - 4))) {
            stem = word.substring(0, word.length() - 4);
        } else {
            return null;
        }
        Hit hit = lookup(stem, tag, stress, ctx);
        String ps = addIng(hit == null ? null : hit.phonemes());
        return ps == null ? null : new Hit(ps, WordSource.RULE);
    }

    /** {@code running}, {@code stopping}, {@code picking}: a doubled consonant (or ck) before -ing. */
    private static boolean doubledBeforeIng(String word) {
        int n = word.length();
        if (word.endsWith("cking")) return true;
        char a = word.charAt(n - 5);
        return a == word.charAt(n - 4) && "bcdgklmnprstvxz".indexOf(a) >= 0;
    }

    // Stress

    /**
     * misaki's stress adjustment: {@code stress} below -1 removes all marks, -1 (or 0/-0.5 on a word with a primary
     * stress) turns primaries into secondaries, 0…1 gives an unstressed word a secondary stress, ≥1 turns a lone
     * secondary into a primary, above 1 gives an unstressed word a primary stress. The mark goes before the first
     * vowel.
     */
    static String applyStress(String ps, Double stress) {
        if (stress == null || ps == null) return ps;
        double s = stress;
        boolean hasPrimary = ps.indexOf(PRIMARY) >= 0;
        boolean hasAny = hasPrimary || ps.indexOf(SECONDARY) >= 0;
        if (s < -1) return ps.replace(String.valueOf(PRIMARY), "").replace(String.valueOf(SECONDARY), "");
        if (s == -1 || (s == 0 || s == -0.5) && hasPrimary) {
            return ps.replace(String.valueOf(SECONDARY), "").replace(PRIMARY, SECONDARY);
        }
        if ((s == 0 || s == 0.5 || s == 1) && !hasAny) return hasVowel(ps) ? markFirstVowel(ps, SECONDARY) : ps;
        if (s >= 1 && !hasPrimary && hasAny) return ps.replace(SECONDARY, PRIMARY);
        if (s > 1 && !hasAny) return hasVowel(ps) ? markFirstVowel(ps, PRIMARY) : ps;
        return ps;
    }

    private static boolean hasVowel(String ps) {
        for (int k = 0; k < ps.length(); k++) if (VOWELS.indexOf(ps.charAt(k)) >= 0) return true;
        return false;
    }

    private static String markFirstVowel(String ps, char mark) {
        for (int k = 0; k < ps.length(); k++) {
            if (VOWELS.indexOf(ps.charAt(k)) >= 0) return ps.substring(0, k) + mark + ps.substring(k);
        }
        return ps;
    }

    private static boolean isAlpha(String s) {
        if (s.isEmpty()) return false;
        for (int k = 0; k < s.length(); k++) if (!Character.isLetter(s.charAt(k))) return false;
        return true;
    }

    private static boolean isAsciiAlpha(String s) {
        if (s.isEmpty()) return false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) return false;
        }
        return true;
    }

    private static String strip(String s, char c) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == c) a++;
        while (b > a && s.charAt(b - 1) == c) b--;
        return s.substring(a, b);
    }
}
