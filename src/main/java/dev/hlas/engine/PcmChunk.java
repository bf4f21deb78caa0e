package dev.hlas.engine;

/**
 * A piece of mono audio as an engine produced it: float samples in about [-1, 1] at {@code sampleRate} Hz.
 *
 * @param samples    mono samples; the array is owned by the chunk and must not be modified after it is handed on
 * @param sampleRate samples per second
 */
public record PcmChunk(float[] samples, int sampleRate) {
    public PcmChunk {
        if (samples == null) throw new IllegalArgumentException("samples must not be null");
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }

    /** Duration of this chunk in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Converts 16-bit signed samples to floats in [-1, 1). */
    public static PcmChunk fromShorts(short[] pcm, int count, int sampleRate) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = pcm[i] / 32768f;
        return new PcmChunk(out, sampleRate);
    }

    /** A chunk of silence. */
    public static PcmChunk silence(double seconds, int sampleRate) {
        return new PcmChunk(new float[(int) Math.round(seconds * sampleRate)], sampleRate);
    }
}
