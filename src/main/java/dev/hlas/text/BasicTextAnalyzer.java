package dev.hlas.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A minimal front-end: ICU sentence boundaries, newlines end sentences, and one language for the whole input
 * (Czech when it has Czech-only letters, else English). No normalization.
 */
public final class BasicTextAnalyzer implements TextAnalyzer {
    private static final String CZECH_LETTERS = "ěščřžýůťďňĚŠČŘŽÝŮŤĎŇ";

    @Override
    public List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize) {
        String lang = language == null || language.equals("auto") ? detect(input) : language;
        List<Sentence> sentences = new ArrayList<>();
        int lineStart = 0;
        while (lineStart <= input.length()) {
            int lineEnd = input.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = input.length();
            splitLine(input, lineStart, lineEnd, lang, sentences);
            lineStart = lineEnd + 1;
        }
        return sentences;
    }

    private static void splitLine(String input, int from, int to, String lang, List<Sentence> out) {
        String line = input.substring(from, to);
        BreakIterator it = BreakIterator.getSentenceInstance(ULocale.forLanguageTag(lang));
        it.setText(line);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String raw = line.substring(start, end);
            String text = raw.strip();
            if (text.isEmpty() || text.codePoints().noneMatch(Character::isLetterOrDigit)) continue;
            int lead = raw.indexOf(text);
            out.add(new Sentence(text, lang, from + start + lead, from + start + lead + text.length()));
        }
    }

    static String detect(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (CZECH_LETTERS.indexOf(text.charAt(i)) >= 0) return "cs";
        }
        return "en";
    }
}
