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
 * <p>Language: an explicit request language wins for every sentence. Otherwise each sentence is detected on its
 * own, but a sentence with weak evidence ("OK.", "12:30.") takes the language of the whole text, so only clearly
 * foreign sentences switch voice. Languages the detector does not know are never chosen by detection.
 *
 * <p>Thread-safe: all state is per call.
 */
public final class FrontEndTextAnalyzer implements TextAnalyzer {
    private static final Logger log = LoggerFactory.getLogger(FrontEndTextAnalyzer.class);
    /** Longest sentence given to an engine; longer ones are cut at clause boundaries. */
    public static final int DEFAULT_MAX_SENTENCE_CHARS = 400;

    private final SentenceSplitter splitter;
    private final LanguageDetector detector = new LanguageDetector();

    public FrontEndTextAnalyzer() {
        this(DEFAULT_MAX_SENTENCE_CHARS);
    }

    public FrontEndTextAnalyzer(int maxSentenceChars) {
        this.splitter = new SentenceSplitter(maxSentenceChars);
    }

    @Override
    public List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize) {
        CleanText clean = MarkupStripper.strip(input);
        String text = clean.text();
        List<int[]> ranges = splitter.split(text);
        Set<String> candidates = new LinkedHashSet<>();
        for (String l : LanguageDetector.SUPPORTED) if (available == null || available.contains(l)) candidates.add(l);
        String forced = language == null || language.isBlank() || language.equals("auto") ? null : language;
        String documentLanguage = forced;
        if (documentLanguage == null) {
            String fallback = candidates.contains("en") || candidates.isEmpty() ? "en" : candidates.iterator().next();
            documentLanguage = candidates.isEmpty() ? fallback : detector.detect(text, candidates, fallback).language();
        }
        List<Sentence> sentences = new ArrayList<>(ranges.size());
        for (int[] r : ranges) {
            String raw = text.substring(r[0], r[1]);
            String lang = forced;
            if (lang == null) {
                LanguageDetector.Result result = candidates.isEmpty() ? null
                        : detector.detect(raw, candidates, documentLanguage);
                lang = result != null && result.confident() ? result.language() : documentLanguage;
            }
            sentences.add(sentence(clean, r[0], r[1], raw, lang, normalize));
        }
        return sentences;
    }

    private static Sentence sentence(CleanText clean, int from, int to, String raw, String lang, boolean normalize) {
        int start = clean.originalIndex(from);
        int end = clean.originalEnd(to);
        SpokenText.Normalized n = normalize ? normalizeSafely(lang, raw) : verbatim(raw);
        List<TextSpan> spans = new ArrayList<>(n.spans().size());
        for (int[] s : n.spans()) {
            int os = clean.originalIndex(from + s[2]);
            int oe = s[3] > s[2] ? clean.originalEnd(from + s[3]) : os;
            spans.add(new TextSpan(s[0], s[1], os, Math.max(os, oe)));
        }
        String spoken = n.text().isBlank() ? raw : n.text();
        if (n.text().isBlank()) spans = List.of();
        return new Sentence(spoken, lang, start, Math.max(start, end), spans);
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
