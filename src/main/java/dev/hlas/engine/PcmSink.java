package dev.hlas.engine;

import java.util.List;

/**
 * Receives the audio of an utterance as it is synthesized. Returning {@code false} asks the engine to stop: the
 * consumer went away (client disconnected, request cancelled), so the engine must not produce further chunks.
 *
 * <p>An engine that knows when words are spoken reports it through {@link #words}, at any point of the utterance
 * (usually just before the chunk that carries them); an engine that reports nothing gets timings estimated from
 * its audio.
 */
@FunctionalInterface
public interface PcmSink {
    /** @return {@code true} to continue, {@code false} to stop synthesis as soon as possible */
    boolean accept(PcmChunk chunk);

    /** Where pieces of the utterance's text are in its audio (see {@link WordMark}). Ignored by default. */
    default void words(List<WordMark> marks) {
    }
}
