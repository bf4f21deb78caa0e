package dev.hlas.audio;

import java.io.IOException;

/**
 * Encodes one response's audio into one container stream. Fed mono float samples as sentences arrive; writes
 * encoded bytes to its output as soon as it has them. Exactly one encoder per response.
 *
 * <p>Lifecycle: {@link #write} any number of times, then {@link #finish} once to flush the codec and write
 * trailers; {@link #close} always (also after a cancel) to free native resources. Not thread-safe.
 */
public interface AudioEncoder extends AutoCloseable {
    /** The sample rate the encoder expects in {@link #write}. */
    int sampleRate();

    /** Encodes mono samples in about [-1, 1] (values outside are clipped). */
    void write(float[] samples) throws IOException;

    /** Flushes buffered frames and writes trailers; the output is a complete file afterwards. */
    void finish() throws IOException;

    /** Frees resources; safe to call more than once and without {@link #finish}. */
    @Override
    void close();
}
