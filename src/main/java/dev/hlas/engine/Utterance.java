package dev.hlas.engine;

import java.util.List;

/**
 * One piece of text for one voice, usually a sentence, already normalized for reading aloud.
 *
 * @param text     the text to speak
 * @param language BCP-47-ish language code the text is written in (e.g. {@code cs}, {@code en})
 * @param phonemes pieces of the text with given phonemes, in order and not overlapping (only for voices that
 *                 {@link EngineVoice#takesPhonemes() take phonemes}; empty for the others)
 * @param clause   whether the text is the first clause of a longer sentence whose rest follows as the next utterance
 *                 (see {@link FirstChunk}): the text ends in its clause mark ({@code ,} {@code ;} {@code :} or a
 *                 dash) or mid-sentence, and the engine speaks it as the inside of a sentence: it keeps the clause
 *                 terminator and adds none of its own sentence-end silence
 */
public record Utterance(String text, String language, List<PhonemeSpan> phonemes, boolean clause) {
    public Utterance {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        if (language == null || language.isBlank()) throw new IllegalArgumentException("language must be set");
        phonemes = List.copyOf(phonemes == null ? List.of() : phonemes);
        int last = 0;
        for (PhonemeSpan p : phonemes) {
            if (p.start() < last || p.end() > text.length()) {
                throw new IllegalArgumentException("phoneme spans must be in order, apart, and inside the text");
            }
            last = p.end();
        }
    }

    /** A whole sentence (or several) read entirely from its text. */
    public Utterance(String text, String language) {
        this(text, language, List.of(), false);
    }

    /** A whole sentence with pieces whose phonemes are given. */
    public Utterance(String text, String language, List<PhonemeSpan> phonemes) {
        this(text, language, phonemes, false);
    }

    /** A text read entirely from its letters; {@code clause} as above. */
    public Utterance(String text, String language, boolean clause) {
        this(text, language, List.of(), clause);
    }
}
