package dev.hlas.text;

/**
 * One sentence ready for a voice: the text to speak (normalized), its language, and where it came from.
 *
 * @param text     the text to speak
 * @param language language code the sentence is in ({@code cs}, {@code en}, …)
 * @param start    offset of the sentence's first char in the original input (UTF-16 index)
 * @param end      offset just past its last char in the original input
 */
public record Sentence(String text, String language, int start, int end) {
    public Sentence {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("sentence text must not be blank");
        if (start < 0 || end < start) throw new IllegalArgumentException("bad offsets " + start + ".." + end);
    }
}
