package dev.hlas.engine;

/**
 * One piece of text for one voice, usually a sentence, already normalized for reading aloud.
 *
 * @param text     the text to speak
 * @param language BCP-47-ish language code the text is written in (e.g. {@code cs}, {@code en})
 */
public record Utterance(String text, String language) {
    public Utterance {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        if (language == null || language.isBlank()) throw new IllegalArgumentException("language must be set");
    }
}
