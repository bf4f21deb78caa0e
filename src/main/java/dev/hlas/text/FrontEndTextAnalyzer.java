package dev.hlas.text;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The full text front-end: strip markup and emoji, split into sentences, pick each sentence's language among those
 * installed voices speak, normalize it in that language, and keep an offset map back into the original input.
 *
 * <p>Language: an explicit request language wins for every sentence. Otherwise each sentence is assessed on its
 * own (short ones by the word lists first); one with weak evidence ("OK.", "Hotovo.", "12:30.") takes, among the
 * languages its evidence leaves open, the language of its nearest confident neighbour, the session, the concrete
 * voice, or the server default, in that order. Languages the detector does not know are never chosen by
 * detection.
 *
 * <p>Thread-safe: all state is per call.
 */
public final class FrontEndTextAnalyzer implements TextAnalyzer {
    private static final Logger log = LoggerFactory.getLogger(FrontEndTextAnalyzer.class);
    /** Longest sentence given to an engine; longer ones are cut at clause boundaries. */
    public static final int DEFAULT_MAX_SENTENCE_CHARS = 400;

    private final SentenceSplitter splitter;
    private final LanguageDetector detector = new LanguageDetector();
    private final String defaultLanguage;

    /** Sentences up to {@value #DEFAULT_MAX_SENTENCE_CHARS} characters; default language English. */
    public FrontEndTextAnalyzer() {
        this(DEFAULT_MAX_SENTENCE_CHARS, "en");
    }

    public FrontEndTextAnalyzer(int maxSentenceChars) {
        this(maxSentenceChars, "en");
    }

    /**
     * @param defaultLanguage the server's default language: the last thing asked for a sentence nothing else
     *                        decides (a language family, e.g. {@code cs})
     */
    public FrontEndTextAnalyzer(int maxSentenceChars, String defaultLanguage) {
        this.splitter = new SentenceSplitter(maxSentenceChars);
        if (defaultLanguage == null || defaultLanguage.isBlank()) {
            throw new IllegalArgumentException("default language must be set");
        }
        this.defaultLanguage = defaultLanguage.strip();
    }

    public String defaultLanguage() {
        return defaultLanguage;
    }

    @Override
    public List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize,
                                  LanguageContext context) {
        return analyze(input, language, available, normalize, context, TextOptions.NONE);
    }

    @Override
    public List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize,
                                  LanguageContext context, TextOptions options) {
        boolean ssml = options.ssml() != null ? options.ssml() : SsmlParser.looksLikeSsml(input);
        SsmlDocument doc = ssml ? SsmlParser.parse(input) : null;
        CleanText clean = doc != null ? doc.clean() : MarkupStripper.strip(input);
        String text = clean.text();
        List<int[]> ranges = splitter.split(text);
        if (doc != null) ranges = cut(ranges, text, doc.boundaries());
        String forced = language == null || language.isBlank() || language.equals("auto") ? null : language;
        if (forced == null && doc != null) forced = doc.language();
        String given = forced;
        List<LanguageDecision> decisions = given != null
                ? ranges.stream().map(r -> LanguageDecision.given(given, LanguageDecision.Source.REQUEST)).toList()
                : decide(text, ranges, available, context == null ? LanguageContext.NONE : context);
        List<Sentence> sentences = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            LanguageDecision decision = decisions.get(i);
            String marked = doc == null ? null : Markup.language(doc, r[0]);
            if (marked != null) decision = LanguageDecision.given(marked, LanguageDecision.Source.MARKUP);
            Markup markup = new Markup(doc, options.lexicons(), r[0], r[1]);
            sentences.add(sentence(clean, r[0], r[1], text.substring(r[0], r[1]), decision, normalize, markup));
        }
        return doc == null ? sentences : Markup.withBreaksAndWarnings(sentences, ranges, doc);
    }

    /** Cuts sentence ranges at the positions SSML requires a sentence end; pieces without a word are dropped. */
    private static List<int[]> cut(List<int[]> ranges, String text, List<Integer> boundaries) {
        List<int[]> out = new ArrayList<>(ranges.size());
        for (int[] r : ranges) {
            int from = r[0];
            for (int b : boundaries) {
                if (b <= from || b >= r[1]) continue;
                addTrimmed(text, from, b, out);
                from = b;
            }
            addTrimmed(text, from, r[1], out);
        }
        return out;
    }

    private static void addTrimmed(String text, int from, int to, List<int[]> out) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                out.add(new int[]{from, to});
                return;
            }
        }
    }

    /**
     * Each sentence's language. A sentence whose own evidence is confident decides itself (short ones by the word
     * lists first). Any other takes, among the languages its evidence leaves plausible, the first of: the nearest
     * sentence of the request that decided itself (else the whole text, when that is confident), the session's
     * language, the concrete voice's language, the server default; failing all, the detector's weak best guess.
     */
    private List<LanguageDecision> decide(String text, List<int[]> ranges, Set<String> available,
                                          LanguageContext context) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String l : LanguageDetector.SUPPORTED) if (available == null || available.contains(l)) candidates.add(l);
        List<LanguageDetector.Assessment> assessed = new ArrayList<>(ranges.size());
        for (int[] r : ranges) assessed.add(detector.assess(text.substring(r[0], r[1]), candidates));
        LanguageDetector.Assessment whole = null;
        List<LanguageDecision> decisions = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            LanguageDetector.Assessment a = assessed.get(i);
            if (a.confident()) {
                decisions.add(new LanguageDecision(a.best(), a.confidence(), a.best(),
                        LanguageDecision.Source.DETECTOR));
                continue;
            }
            String neighbour = nearestConfident(assessed, i);
            if (neighbour == null) {
                if (whole == null) whole = detector.assess(text, candidates);
                if (whole.confident() && !whole.byVocabulary() && a.plausible().contains(whole.best())) {
                    neighbour = whole.best();
                }
            }
            if (neighbour == null && context.sessionLanguage() != null
                    && a.plausible().contains(context.sessionLanguage())) {
                neighbour = context.sessionLanguage();
            }
            LanguageDecision.Source source;
            String chosen;
            if (neighbour != null) {
                source = LanguageDecision.Source.NEIGHBOURS;
                chosen = neighbour;
            } else if (plausible(a, context.voiceLanguage(), candidates)) {
                source = LanguageDecision.Source.VOICE;
                chosen = context.voiceLanguage();
            } else if (plausible(a, defaultLanguage, candidates)) {
                source = LanguageDecision.Source.DEFAULT;
                chosen = defaultLanguage;
            } else {
                source = LanguageDecision.Source.DETECTOR;
                chosen = a.best() != null ? a.best()
                        : a.plausible().isEmpty() ? defaultLanguage : firstOf(a.plausible());
            }
            decisions.add(new LanguageDecision(chosen, a.confidence(), a.best(), source));
        }
        return decisions;
    }

    /**
     * Whether a context language may decide: one the sentence's evidence leaves open, or — when there are no
     * candidates to detect among (no installed voice speaks a language the detector knows) — any.
     */
    private static boolean plausible(LanguageDetector.Assessment a, String language, Set<String> candidates) {
        if (language == null) return false;
        return a.plausible().contains(language) || candidates.isEmpty();
    }

    /** The first of {@code languages} in {@link LanguageDetector#SUPPORTED} order. */
    private static String firstOf(Set<String> languages) {
        for (String l : LanguageDetector.SUPPORTED) if (languages.contains(l)) return l;
        return languages.iterator().next();
    }

    /** The language of the nearest sentence that decided itself and that {@code i}'s evidence allows; the
     * preceding one wins a tie. */
    private static String nearestConfident(List<LanguageDetector.Assessment> assessed, int i) {
        Set<String> allowed = assessed.get(i).plausible();
        for (int d = 1; d < assessed.size(); d++) {
            for (int j : new int[]{i - d, i + d}) {
                if (j < 0 || j >= assessed.size()) continue;
                LanguageDetector.Assessment n = assessed.get(j);
                if (n.confident() && allowed.contains(n.best())) return n.best();
            }
        }
        return null;
    }

    private static Sentence sentence(CleanText clean, int from, int to, String raw, LanguageDecision decision,
                                     boolean normalize, Markup markup) {
        String lang = decision.language();
        int start = clean.originalIndex(from);
        int end = clean.originalEnd(to);
        Markup.Prepared prepared = markup.prepare(raw, lang, clean);
        Rewrite rewrite = prepared.rewrite();
        SpokenText.Normalized n = normalize ? normalizeSafely(lang, rewrite.text()) : verbatim(rewrite.text());
        List<TextSpan> spans = new ArrayList<>(n.spans().size());
        for (int[] s : n.spans()) {
            int rs = rewrite.rawStart(s[2]);
            int re = s[3] > s[2] ? rewrite.rawEnd(s[3]) : rs;
            int os = clean.originalIndex(from + rs);
            int oe = re > rs ? clean.originalEnd(from + re) : os;
            if (oe - os > re - rs && verbatim(s, rewrite, rs, re)) {
                contiguousRuns(s, clean, from + rs, spans);
            } else {
                spans.add(new TextSpan(s[0], s[1], os, Math.max(os, oe)));
            }
        }
        String spoken = n.text().isBlank() ? raw : n.text();
        Delivery delivery = n.text().isBlank() ? Delivery.NONE : prepared.delivery(n, rewrite);
        if (n.text().isBlank()) spans = List.of();
        return new Sentence(spoken, lang, start, Math.max(start, end), spans, decision, delivery);
    }

    /** Whether normalized piece {@code s} is its raw text {@code [rs, re)} copied char for char. */
    private static boolean verbatim(int[] s, Rewrite rewrite, int rs, int re) {
        int length = s[1] - s[0];
        if (length != s[3] - s[2] || length != re - rs) return false;
        for (int k = 0; k < length; k++) if (rewrite.rawStart(s[2] + k) != rs + k) return false;
        return true;
    }

    /**
     * A verbatim piece whose source has markup inside it (an SSML {@code <mark/>}, a stripped tag): one span per run
     * of chars that are contiguous in the input, so each word maps to its own text and not to the tag beside it.
     */
    private static void contiguousRuns(int[] s, CleanText clean, int cleanStart, List<TextSpan> spans) {
        int length = s[1] - s[0];
        int runStart = 0;
        for (int k = 1; k <= length; k++) {
            boolean breaks = k == length
                    || clean.originalIndex(cleanStart + k) != clean.originalIndex(cleanStart + k - 1) + 1;
            if (!breaks) continue;
            int os = clean.originalIndex(cleanStart + runStart);
            int oe = clean.originalIndex(cleanStart + k - 1) + 1;
            spans.add(new TextSpan(s[0] + runStart, s[0] + k, os, oe));
            runStart = k;
        }
    }

    /** A rule that trips over unusual input must cost one sentence its normalization, never the request. */
    private static SpokenText.Normalized normalizeSafely(String lang, String raw) {
        try {
            return normalizer(lang).normalize(raw);
        } catch (RuntimeException e) {
            log.warn("normalization failed for a {} sentence; speaking it as written", lang, e);
            return verbatim(raw);
        }
    }

    private static SpokenText.Normalized verbatim(String raw) {
        SpokenText out = new SpokenText();
        for (int i = 0; i < raw.length(); i++) out.copy(raw.charAt(i), i);
        return out.finish();
    }

    /** The normalizer for a language; languages without their own rules are read with the English number rules
     * only when they are English, else left verbatim apart from whitespace. */
    static RuleNormalizer normalizer(String lang) {
        String family = lang.contains("-") ? lang.substring(0, lang.indexOf('-')) : lang;
        return switch (family) {
            case "cs" -> CzechNormalizer.INSTANCE;
            case "en" -> EnglishNormalizer.INSTANCE;
            default -> PassThroughNormalizer.INSTANCE;
        };
    }
}
