package dev.hlas.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds pieces of an SSML document that can be spoken while the rest of it is still arriving (a streamed Wyoming
 * answer, WebSocket text deltas). The document is cut only at <em>safe points</em>: places directly inside
 * {@code <speak>} (no other element open) where a sentence ends anyway —
 * <ul>
 *   <li>after {@code </p>}, {@code </s>}, {@code </lang>} and after a {@code <break/>};</li>
 *   <li>before {@code <p>}, {@code <s>}, {@code <lang>};</li>
 *   <li>in text directly inside {@code <speak>}, where the next sentence has begun (the same rule as plain text,
 *       {@link SentenceBuffer}).</li>
 * </ul>
 * A cut after an element is made only once real content follows it (text, or an element other than
 * {@code <break>}/{@code <mark>}), so a {@code <break>} that arrives later still belongs to the sentence before it.
 *
 * <p>Each piece is handed out as a complete document that the ordinary {@link SsmlParser} reads: the root's start
 * tag (and whatever preceded it — an XML declaration), the earlier pieces blanked out with spaces (line breaks kept),
 * the piece, and a closing {@code </speak>} unless the piece has the user's own. Offsets into that document are
 * therefore offsets into the whole streamed text, and a parse error names the line and column in it. The document
 * is checked (and each piece parsed) by the same parser as whole inputs: nothing here decides what is well-formed.
 *
 * <p>Not thread-safe: one owner appends and flushes.
 */
public final class SsmlStreamBuffer {
    /** Elements whose end always ends a sentence ({@code <prosody>} does only with a rate: not a safe point). */
    private static final Set<String> ENDS_AFTER = Set.of("p", "s", "paragraph", "sentence", "lang");
    private static final Set<String> ENDS_BEFORE = Set.of("p", "s", "paragraph", "sentence", "lang");

    private final SentenceSplitter splitter;
    private final StringBuilder all = new StringBuilder();
    /** Where scanning goes on: the start of the first construct not yet fully read. */
    private int scan;
    private int depth;
    /** Just past the root's start tag, or -1 until it has arrived. */
    private int rootOpenEnd = -1;
    /** Just past {@code </speak>}, or -1. */
    private int rootCloseEnd = -1;
    /** End of the text handed out so far. */
    private int emitted;
    /** A safe point waiting for content after it, or -1. */
    private int pending = -1;
    /** The latest safe point with content after it. */
    private int confirmed = -1;
    /** Something other than whitespace, comments or processing instructions after the root's end. */
    private boolean trailing;
    /** Flushed or cleared. */
    private boolean done;

    public SsmlStreamBuffer() {
        this(FrontEndTextAnalyzer.DEFAULT_MAX_SENTENCE_CHARS);
    }

    public SsmlStreamBuffer(int maxSentenceChars) {
        this.splitter = new SentenceSplitter(maxSentenceChars);
    }

    /** Adds text; answers the pieces it made speakable (possibly none), in order. */
    public List<SentenceBuffer.Segment> append(String delta) {
        List<SentenceBuffer.Segment> out = new ArrayList<>(1);
        if (done) return out;
        all.append(delta);
        scanAvailable();
        if (rootCloseEnd >= 0) {
            if (rootCloseEnd > emitted) out.add(piece(rootCloseEnd));
        } else if (confirmed > emitted) {
            out.add(piece(confirmed));
        }
        return out;
    }

    /**
     * Ends the text: the rest is one last piece. A document that does not end with its root's end (or has anything
     * but comments after it) is handed out whole, so the parser reports what is wrong with it, where.
     */
    public List<SentenceBuffer.Segment> flush() {
        List<SentenceBuffer.Segment> out = new ArrayList<>(1);
        if (done || all.toString().isBlank()) {
            done = true;
            return out;
        }
        if (rootOpenEnd < 0 || trailing) {
            out.add(new SentenceBuffer.Segment(all.toString(), 0, all.length()));
        } else if (rootCloseEnd < 0) {
            out.add(piece(all.length(), false)); // unclosed: the parser names what is missing, where
        } else if (rootCloseEnd > emitted) {
            out.add(piece(rootCloseEnd));
        }
        emitted = all.length();
        done = true;
        return out;
    }

    /** Drops what is buffered (a cancelled utterance): nothing more is handed out. */
    public void clear() {
        emitted = all.length();
        done = true;
    }

    /** Characters received and not yet handed out. */
    public int buffered() {
        return all.length() - emitted;
    }

    private SentenceBuffer.Segment piece(int end) {
        return piece(end, true);
    }

    /** The document for {@code [emitted, end)}; {@code close}: add {@code </speak>} when the piece lacks it. */
    private SentenceBuffer.Segment piece(int end, boolean close) {
        StringBuilder doc = new StringBuilder(end + 8);
        doc.append(all, 0, rootOpenEnd);
        for (int i = rootOpenEnd; i < emitted; i++) doc.append(all.charAt(i) == '\n' ? '\n' : ' ');
        doc.append(all, Math.max(emitted, rootOpenEnd), end);
        if (close && (rootCloseEnd < 0 || end < rootCloseEnd)) doc.append("</speak>");
        emitted = end;
        if (pending >= 0 && pending <= end) pending = -1;
        return new SentenceBuffer.Segment(doc.toString(), 0, end);
    }

    /** Reads every construct that has fully arrived. */
    private void scanAvailable() {
        int n = all.length();
        while (scan < n) {
            char c = all.charAt(scan);
            if (c != '<') {
                int lt = all.indexOf("<", scan);
                int runEnd = lt < 0 ? n : lt;
                text(scan, runEnd);
                if (lt < 0) return; // the run may grow: read it again with more text
                scan = runEnd;
                continue;
            }
            int end = constructEnd(scan);
            if (end < 0) return; // not complete yet
            construct(scan, end);
            scan = end;
        }
    }

    /** A text run {@code [from, to)}: content; at depth 1, sentence ends in it are safe points. */
    private void text(int from, int to) {
        String run = all.substring(from, to);
        if (run.isBlank()) return;
        if (depth == 0) {
            trailing = true; // text outside the root: the parser says where
            return;
        }
        int firstContent = from;
        while (Character.isWhitespace(all.charAt(firstContent))) firstContent++;
        content(firstContent);
        if (depth != 1) return;
        List<int[]> ranges = splitter.split(run);
        if (ranges.size() >= 2) confirmed = Math.max(confirmed, from + ranges.getLast()[0]);
    }

    /** Real content starts at {@code at}: a safe point waiting for it is confirmed. */
    private void content(int at) {
        if (pending >= 0 && pending <= at) {
            confirmed = Math.max(confirmed, pending);
            pending = -1;
        }
    }

    /** A complete tag, comment, CDATA section or processing instruction {@code [from, to)}. */
    private void construct(int from, int to) {
        if (starts(from, "<!--") || starts(from, "<?")) return;
        if (starts(from, "<![CDATA[")) {
            text(from + 9, to - 3);
            return;
        }
        if (starts(from, "<!")) return; // a declaration: the parser refuses it with its position
        boolean closing = all.charAt(from + 1) == '/';
        boolean empty = !closing && all.charAt(to - 2) == '/';
        String name = name(from + (closing ? 2 : 1));
        if (closing) {
            depth--;
            if (depth == 0 && rootCloseEnd < 0) rootCloseEnd = to;
            if (depth == 1 && ENDS_AFTER.contains(name)) pending = to;
            return;
        }
        if (depth == 0) {
            if (rootOpenEnd < 0) {
                rootOpenEnd = to;
                emitted = to;
            } else {
                trailing = true; // a second root: the parser says so
            }
            if (!empty) depth++;
            return;
        }
        boolean pause = name.equals("break") || name.equals("mark");
        if (!pause) {
            if (depth == 1 && ENDS_BEFORE.contains(name)) {
                confirmed = Math.max(confirmed, from);
                pending = -1;
            } else {
                content(from);
            }
        }
        if (depth == 1 && name.equals("break")) pending = to;
        if (!empty) depth++;
    }

    /** The element name starting at {@code at} (local part, lower case). */
    private String name(int at) {
        int i = at;
        while (i < all.length() && !Character.isWhitespace(all.charAt(i)) && all.charAt(i) != '>'
                && all.charAt(i) != '/') {
            i++;
        }
        String qualified = all.substring(at, i);
        return qualified.substring(qualified.indexOf(':') + 1).toLowerCase(Locale.ROOT);
    }

    /** Just past the construct starting at {@code from} (a {@code <}), or -1 when it has not fully arrived. */
    private int constructEnd(int from) {
        if (starts(from, "<!--")) return endAfter(from + 4, "-->");
        if (starts(from, "<![CDATA[")) return endAfter(from + 9, "]]>");
        if (starts(from, "<?")) return endAfter(from + 2, "?>");
        String head = all.substring(from, Math.min(all.length(), from + 9));
        if ("<!--".startsWith(head) || "<![CDATA[".startsWith(head)) return -1; // its opening is still arriving
        char quote = 0;
        for (int i = from + 1; i < all.length(); i++) {
            char c = all.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return -1;
    }

    private boolean starts(int at, String prefix) {
        if (at + prefix.length() > all.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (all.charAt(at + i) != prefix.charAt(i)) return false;
        return true;
    }

    private int endAfter(int from, String terminator) {
        int at = all.indexOf(terminator, from);
        return at < 0 ? -1 : at + terminator.length();
    }
}
