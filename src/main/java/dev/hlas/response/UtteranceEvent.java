package dev.hlas.response;

import dev.hlas.speech.SpokenWord;

import java.util.List;

/**
 * What an {@link IncrementalResponse} hands out, in order: each sentence announced, then its audio, then (once the
 * sentence is synthesized) its words.
 */
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

    /**
     * When the words of an announced sentence are heard; follows the sentence's last audio piece (before the next
     * sentence is announced).
     *
     * @param index the sentence's {@link Sentence#index}
     * @param words its words: times in seconds from the start of the utterance's audio, {@code char_*} UTF-16 offsets
     *              into all the text appended to the utterance
     */
    record Words(int index, List<SpokenWord> words) implements UtteranceEvent {
        public Words {
            words = List.copyOf(words);
        }
    }
}
