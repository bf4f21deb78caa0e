package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds complete sentences in text that arrives in pieces (an LLM's tokens, a voice assistant's stream), with the
 * same rules as whole texts ({@link SentenceSplitter}: {@code např.}, {@code Dr.} or {@code 21. listopadu} do not end
 * a sentence). A sentence counts as complete once the text after it shows that it ended: the next sentence has begun,
 * or a line break follows. The incomplete tail waits for more text or for {@link #flush}.
 *
 * <p>Offsets are UTF-16 indices into all the text appended since the buffer was made (or last {@link #clear}ed).
 * Not thread-safe: one owner appends and flushes.
 */
public final class SentenceBuffer {
    private final SentenceSplitter splitter;
    private final StringBuilder pending = new StringBuilder();
    /** Offset of {@code pending}'s first char in all the text appended so far. */
    private int base;

    public SentenceBuffer() {
        this(FrontEndTextAnalyzer.DEFAULT_MAX_SENTENCE_CHARS);
    }

    public SentenceBuffer(int maxSentenceChars) {
        this.splitter = new SentenceSplitter(maxSentenceChars);
    }

    /**
     * One piece of text to speak.
     *
     * @param text  the text as it was written (not yet normalized)
     * @param start offset of its first char in all the text appended
     * @param end   offset after its last char
     */
    public record Segment(String text, int start, int end) {
    }

    /** Adds text; answers the sentences it completed (possibly none), in order. */
    public List<Segment> append(String delta) {
        pending.append(delta);
        String text = pending.toString();
        List<int[]> ranges = splitter.split(text);
        boolean lineEnded = !text.isEmpty() && text.charAt(text.length() - 1) == '\n';
        int complete = lineEnded ? ranges.size() : ranges.size() - 1;
        if (complete <= 0) return List.of();
        List<Segment> out = new ArrayList<>(complete);
        for (int i = 0; i < complete; i++) out.add(segment(text, ranges.get(i)));
        int keepFrom = complete < ranges.size() ? ranges.get(complete)[0] : text.length();
        pending.delete(0, keepFrom);
        base += keepFrom;
        return out;
    }

    /** Ends the text: whatever is left is complete (empty when only spaces or marks were left). */
    public List<Segment> flush() {
        String text = pending.toString();
        List<Segment> out = new ArrayList<>();
        for (int[] r : splitter.split(text)) out.add(segment(text, r));
        base += text.length();
        pending.setLength(0);
        return out;
    }

    /** Drops what is buffered (a cancelled utterance); offsets go on counting from all text appended. */
    public void clear() {
        base += pending.length();
        pending.setLength(0);
    }

    /** Characters waiting for the end of their sentence. */
    public int buffered() {
        return pending.length();
    }

    private Segment segment(String text, int[] r) {
        return new Segment(text.substring(r[0], r[1]), base + r[0], base + r[1]);
    }
}
