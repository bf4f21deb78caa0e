package dev.hlas.text;

import java.util.List;
import java.util.Locale;

/**
 * Text that arrives in pieces, cut into what can be spoken now: plain text by sentences ({@link SentenceBuffer}),
 * SSML at safe points ({@link SsmlStreamBuffer}). Which one is given, or decided by the text's look as soon as its
 * first characters show it: a stream that starts with a {@code <speak>} root (perhaps after an XML declaration) is
 * SSML, any other is plain text.
 *
 * <p>Offsets of the segments handed out are indices into all the text appended. Not thread-safe.
 */
public final class StreamedText {
    /** Longest XML declaration waited for before deciding. */
    private static final int MAX_PROLOG = 256;
    private final StringBuilder undecided = new StringBuilder();
    private SentenceBuffer text;
    private SsmlStreamBuffer ssml;

    /** @param ssml true: SSML; false: plain text; null: decided by the look of the first characters */
    public StreamedText(Boolean ssml) {
        if (Boolean.TRUE.equals(ssml)) this.ssml = new SsmlStreamBuffer();
        if (Boolean.FALSE.equals(ssml)) this.text = new SentenceBuffer();
    }

    /** Whether the stream is read as SSML (false while undecided). */
    public boolean ssml() {
        return ssml != null;
    }

    /** Adds text; answers the segments it made speakable (possibly none), in order. */
    public List<SentenceBuffer.Segment> append(String delta) {
        if (ssml != null) return ssml.append(delta);
        if (text != null) return text.append(delta);
        undecided.append(delta);
        String sofar = undecided.toString();
        if (SsmlParser.looksLikeSsml(sofar)) {
            ssml = new SsmlStreamBuffer();
        } else if (couldStillBeSsml(sofar)) {
            return List.of();
        } else {
            text = new SentenceBuffer();
        }
        undecided.setLength(0);
        return append(sofar);
    }

    /** Ends the text: whatever is left is handed out. */
    public List<SentenceBuffer.Segment> flush() {
        if (ssml == null && text == null) {
            String sofar = undecided.toString();
            undecided.setLength(0);
            if (SsmlParser.looksLikeSsml(sofar)) {
                ssml = new SsmlStreamBuffer();
            } else {
                text = new SentenceBuffer();
            }
            append(sofar);
        }
        return ssml != null ? ssml.flush() : text.flush();
    }

    /** Drops what is buffered (a cancelled utterance). */
    public void clear() {
        undecided.setLength(0);
        if (ssml != null) ssml.clear();
        if (text != null) text.clear();
    }

    /** Characters waiting to be handed out. */
    public int buffered() {
        return ssml != null ? ssml.buffered() : text != null ? text.buffered() : undecided.length();
    }

    /** Whether more text could still make {@code sofar} the start of an SSML document. */
    static boolean couldStillBeSsml(String sofar) {
        String s = sofar.stripLeading();
        if (s.startsWith("<?")) {
            int end = s.indexOf("?>");
            if (end < 0) return s.length() < MAX_PROLOG;
            s = s.substring(end + 2).stripLeading();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.length() <= 6 && "<speak".startsWith(lower)
                || lower.length() <= 15 && "<!doctype speak".startsWith(lower);
    }
}
