package dev.hlas.api;

import dev.hlas.engine.PcmChunk;

/** Where a response's PCM comes from: {@code SpeechStream::next} in the server. */
@FunctionalInterface
interface PcmSource {
    /** The next chunk, or {@code null} at the end; throws when synthesis failed. */
    PcmChunk next() throws InterruptedException;
}
