package dev.hlas.engine;

/**
 * One piece of text for one voice, usually a sentence, already normalized for reading aloud.
 *
 * @param text     the text to speak
 * @param language BCP-47-ish language code the text is written in (e.g. {@code cs}, {@code en})
 * @param clause   whether the text is the first clause of a longer sentence whose rest follows as the next utterance
 *                 (see {@link FirstChunk}): the text ends in its clause mark ({@code ,} {@code ;} {@code :} or a
 *                 dash) or mid-sentence, and the engine speaks it as the inside of a sentence: it keeps the clause
 *                 terminator and adds none of its own sentence-end silence
 */
public record Utterance(String text, String language, boolean clause) {
    public Utterance {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        if (language == null || language.isBlank()) throw new IllegalArgumentException("language must be set");
    }

    /** A whole sentence (or several). */
    public Utterance(String text, String language) {
        this(text, language, false);
    }
}
