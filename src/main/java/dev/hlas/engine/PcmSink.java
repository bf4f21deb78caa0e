package dev.hlas.engine;

/**
 * Receives the audio of an utterance as it is synthesized. Returning {@code false} asks the engine to stop: the
 * consumer went away (client disconnected, request cancelled), so the engine must not produce further chunks.
 */
@FunctionalInterface
public interface PcmSink {
    /** @return {@code true} to continue, {@code false} to stop synthesis as soon as possible */
    boolean accept(PcmChunk chunk);
}
