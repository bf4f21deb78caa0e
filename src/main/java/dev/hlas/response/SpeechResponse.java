package dev.hlas.response;

import dev.hlas.speech.SentenceTiming;

import java.util.List;
import java.util.OptionalInt;

/**
 * One response's audio, handed out as encoded pieces that concatenate to one valid file of {@link #info()}'s format.
 * A transport pulls pieces with {@link #next} and frames them; a live response synthesizes while it is pulled (the
 * first piece is ready when the first sentence's first audio is), a cached one hands out its stored bytes.
 *
 * <p>Failures: {@link #next} throws a {@link dev.hlas.error.HlasException}; the first call's failure happens before
 * anything could have been sent, so a transport that waits for the first piece before committing can still answer
 * with a clean error. {@link #cancel} may be called from any thread (a client seen leaving); {@link #close} always,
 * from the thread that pulls. A response closed before its end stops synthesis before the engine's next chunk and
 * frees its worker.
 */
public interface SpeechResponse extends AutoCloseable {
    /** What the response is; known before any audio. */
    ResponseInfo info();

    /** Total length in bytes, when known before the first piece (a cache hit). */
    OptionalInt contentLength();

    /**
     * The next piece of encoded audio (never empty), waiting for it to be synthesized; {@code null} after the last.
     *
     * @throws dev.hlas.error.HlasException when synthesis failed, or {@link dev.hlas.error.ClientGone} when the
     *                                      client left while the first audio was awaited
     */
    byte[] next() throws InterruptedException;

    /**
     * When each sentence whose audio has been handed out so far is heard, with its words (every sentence after the
     * last piece). With {@link ResponseOptions#timingsFirst()} a sentence's timing is here as soon as the piece that
     * starts its audio is handed out, so a transport can announce it before that piece.
     */
    default List<SentenceTiming> timings() {
        return List.of();
    }

    /** Seconds of audio handed out so far (all of it after the last piece). */
    double audioSeconds();

    /** Stops synthesis; the next {@link #next} ends the response. Safe from any thread. */
    void cancel();

    @Override
    void close();
}
