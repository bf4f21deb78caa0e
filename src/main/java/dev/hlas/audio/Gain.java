package dev.hlas.audio;

/**
 * The {@code volume} extension: a linear gain applied before encoding, hard-limited to [-1, 1] so a loud voice
 * turned up clips cleanly instead of wrapping around in 16-bit codecs or overloading lossy encoders.
 */
public final class Gain {
    private Gain() {
    }

    /** A new array with every sample scaled by {@code gain} and limited to [-1, 1]; NaN becomes silence. */
    public static float[] apply(float[] samples, float gain) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i] * gain;
            out[i] = v > 1f ? 1f : (v < -1f ? -1f : (v == v ? v : 0f));
        }
        return out;
    }
}
