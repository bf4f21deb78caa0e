package dev.hlas.engine.supertonic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces Supertonic synthesizes one model call at a time (see docs/ENGINES.md, "Supertonic"), with one
 * change for streaming: the <em>first</em> chunk has its own, smaller limit, so the first audio arrives after a short
 * model call while the rest is synthesized during playback.
 *
 * <p>Order of preference for a cut: paragraph break, sentence end (not after an abbreviation such as "Dr." or a
 * single capital letter), clause punctuation ({@code , ; :} and dashes), a space, and as a last resort a hard cut.
 * Each chunk records how it ended, so the voice can put a sentence-length or a clause-length pause after it.
 */
final class TextChunker {
    private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n+");
    private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.",
            "ph.d.", "etc.", "e.g.", "i.e.", "vs.", "inc.", "ltd.", "co.", "corp.", "st.", "ave.", "blvd.",
            "např.", "tzv.", "apod.", "atd.", "mj.", "resp.", "tj.", "př.", "str.", "č.", "ing.", "mgr.", "doc.");

    /** How a chunk ends: it decides the pause after it. */
    enum Boundary { SENTENCE, CLAUSE, WORD }

    /** One chunk of text and how it ended. */
    record Chunk(String text, Boundary boundary) {
    }

    private final int maxChars;
    private final int firstMaxChars;

    /**
     * @param maxChars      longest chunk (300 for most languages, 120 for Korean and Japanese upstream)
     * @param firstMaxChars longest first chunk (≤ maxChars): bounds the time to first audio
     */
    TextChunker(int maxChars, int firstMaxChars) {
        if (maxChars < 10 || firstMaxChars < 10 || firstMaxChars > maxChars) {
            throw new IllegalArgumentException("bad chunk limits " + firstMaxChars + "/" + maxChars);
        }
        this.maxChars = maxChars;
        this.firstMaxChars = firstMaxChars;
    }

    /** The chunks of {@code text}, in order; empty when the text is blank. */
    List<Chunk> split(String text) {
        List<Chunk> out = new ArrayList<>();
        for (String paragraph : PARAGRAPHS.split(text.strip())) {
            StringBuilder pending = new StringBuilder();
            for (String sentence : sentences(paragraph)) {
                int limit = out.isEmpty() ? firstMaxChars : maxChars;
                if (!pending.isEmpty() && pending.length() + 1 + sentence.length() <= limit) {
                    pending.append(' ').append(sentence);
                    continue;
                }
                if (!pending.isEmpty()) {
                    out.add(new Chunk(pending.toString(), Boundary.SENTENCE));
                    pending.setLength(0);
                    limit = maxChars;
                }
                String rest = sentence;
                while (rest.length() > limit) {
                    Chunk piece = cut(rest, limit);
                    out.add(piece);
                    rest = rest.substring(piece.text().length()).strip();
                    limit = maxChars;
                }
                if (!rest.isEmpty()) pending.append(rest);
            }
            if (!pending.isEmpty()) out.add(new Chunk(pending.toString(), Boundary.SENTENCE));
        }
        return out;
    }

    /** Sentences of one paragraph: cut after {@code . ! ?} followed by whitespace, unless an abbreviation ends there. */
    private static List<String> sentences(String paragraph) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < paragraph.length() - 1; i++) {
            char c = paragraph.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(paragraph.charAt(i + 1))
                    && !(c == '.' && abbreviationEndsAt(paragraph, start, i))) {
                String s = paragraph.substring(start, i + 1).strip();
                if (!s.isEmpty()) out.add(s);
                start = i + 1;
            }
        }
        String last = paragraph.substring(start).strip();
        if (!last.isEmpty()) out.add(last);
        return out;
    }

    private static boolean abbreviationEndsAt(String text, int from, int dot) {
        int wordStart = dot;
        while (wordStart > from && !Character.isWhitespace(text.charAt(wordStart - 1))) wordStart--;
        String word = text.substring(wordStart, dot + 1);
        if (word.length() == 2 && Character.isUpperCase(word.charAt(0))) return true; // "J." in "J. Smith"
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** The longest head of {@code text} within {@code limit}, cut at a clause mark, else a space, else hard. */
    private static Chunk cut(String text, int limit) {
        for (int i = limit - 1; i > limit / 4; i--) {
            char c = text.charAt(i);
            if ((c == ',' || c == ';' || c == ':' || c == '\u2013' || c == '\u2014')
                    && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))) {
                return new Chunk(text.substring(0, i + 1), Boundary.CLAUSE);
            }
        }
        for (int i = limit; i > limit / 4; i--) {
            if (Character.isWhitespace(text.charAt(i))) return new Chunk(text.substring(0, i), Boundary.WORD);
        }
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return new Chunk(text.substring(0, end), Boundary.WORD);
    }
}
