package dev.hlas.response;

/** What an {@link IncrementalResponse} hands out, in order: each sentence announced, then its audio. */
public sealed interface UtteranceEvent {
    /**
     * A sentence is about to be spoken; its audio follows.
     *
     * @param index    0-based, counting every sentence of the utterance
     * @param text     the sentence as it was written
     * @param spoken   what is read (normalized)
     * @param start    UTF-16 offset of its first char in all the text appended to the utterance
     * @param end      offset after its last char
     * @param language its language
     * @param voice    the voice that speaks it
     */
    record Sentence(int index, String text, String spoken, int start, int end, String language, String voice)
            implements UtteranceEvent {
    }

    /** A piece of encoded audio (never empty). */
    record Audio(byte[] bytes) implements UtteranceEvent {
    }
}
