package dev.hlas.engine;

import java.util.List;

/**
 * One sentence on its way into a phoneme-based model (Piper, Kokoro).
 *
 * @param phonemes the sentence's phoneme string (IPA, with the engine's punctuation)
 * @param ids      the ids fed to the model, exactly as the engine sends them
 * @param unknown  phonemes the voice's id map lacks, in order of appearance; they were skipped
 */
public record PhonemeIds(String phonemes, long[] ids, List<String> unknown) {
    public PhonemeIds {
        unknown = List.copyOf(unknown);
    }
}
