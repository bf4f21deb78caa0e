package dev.hlas.engine;

import java.util.List;

/**
 * One sentence on its way into a phoneme-based model (Piper, Kokoro).
 *
 * @param phonemes the sentence's phoneme string (IPA, with the engine's punctuation)
 * @param ids      the ids fed to the model, exactly as the engine sends them
 * @param unknown  phonemes the voice's id map lacks, in order of appearance; they were skipped
 * @param words    the words of this run and where their phonemes came from, when the engine tells (else empty)
 */
public record PhonemeIds(String phonemes, long[] ids, List<String> unknown, List<PhonemeWord> words) {
    public PhonemeIds {
        unknown = List.copyOf(unknown);
        words = List.copyOf(words);
    }

    /** A run without per-word detail. */
    public PhonemeIds(String phonemes, long[] ids, List<String> unknown) {
        this(phonemes, ids, unknown, List.of());
    }
}
