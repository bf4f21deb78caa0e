package dev.hlas.audio;

import dev.hlas.engine.PcmChunk;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The audio stage of one response: PCM chunks at whatever rate their engine produced → resampled to the one output
 * rate → gain → the response's single encoder. The HTTP handler and {@code hlas say} both feed audio through this,
 * so conversion happens in one place, and chunks of different native rates (a different voice per sentence) still
 * make one continuous stream.
 *
 * <p>Lifecycle as for {@link AudioEncoder}: {@link #write} chunks, {@link #finish} once, {@link #close} always.
 * Not thread-safe.
 */
public final class AudioOutput implements AutoCloseable {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private final AudioEncoder encoder;
    private final float gain;
    private Resampler resampler;
    private long samplesOut;
    private boolean closed;

    private AudioOutput(AudioEncoder encoder, float gain) {
        this.encoder = encoder;
        this.gain = gain;
    }

    /**
     * Opens the output for one response.
     *
     * @param sampleRate the output rate (see {@link Encoders#outputRate})
     * @param volume     linear gain (1 = unchanged); the result is limited to full scale
     */
    public static AudioOutput open(AudioFormat format, int sampleRate, double volume, OutputStream out) {
        if (!(volume >= 0 && volume <= 16)) throw new IllegalArgumentException("volume out of range: " + volume);
        AudioOutput output = new AudioOutput(Encoders.open(format, sampleRate, out), (float) volume);
        OPEN.incrementAndGet();
        return output;
    }

    /** Outputs (encoders) opened and not yet closed, in the whole process: a leak shows here. */
    public static int openCount() {
        return OPEN.get();
    }

    /** The rate the audio is encoded at. */
    public int sampleRate() {
        return encoder.sampleRate();
    }

    /** Seconds of audio handed to the encoder so far. */
    public double seconds() {
        return samplesOut / (double) encoder.sampleRate();
    }

    /** Converts and encodes one chunk; encoded bytes reach the output stream before this returns. */
    public void write(PcmChunk chunk) throws IOException {
        if (resampler == null || resampler.inputRate() != chunk.sampleRate()) {
            if (resampler != null) encode(resampler.flush());
            resampler = new Resampler(chunk.sampleRate(), encoder.sampleRate());
        }
        encode(resampler.process(chunk.samples()));
    }

    /** Encodes what the resampler still holds, flushes the codec and writes the container's end. */
    public void finish() throws IOException {
        if (resampler != null) encode(resampler.flush());
        encoder.finish();
    }

    private void encode(float[] samples) throws IOException {
        if (samples.length == 0) return;
        // Encoders only read their input, so the engine's own array may pass straight through when gain is 1.
        float[] out = gain == 1f ? samples : Gain.apply(samples, gain);
        samplesOut += out.length;
        encoder.write(out);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        OPEN.decrementAndGet();
        encoder.close();
    }
}
