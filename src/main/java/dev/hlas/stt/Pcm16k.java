package dev.hlas.stt;

/**
 * Decoded audio as recognizers take it: mono float samples in [-1, 1] at {@value #RATE} Hz.
 *
 * @param samples the samples (not copied: nobody writes them after decoding)
 */
public record Pcm16k(float[] samples) {
    public static final int RATE = 16_000;

    public double seconds() {
        return samples.length / (double) RATE;
    }
}
