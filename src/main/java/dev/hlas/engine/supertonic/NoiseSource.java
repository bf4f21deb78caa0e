package dev.hlas.engine.supertonic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The starting noise of the flow-matching loop, seeded from what was asked for, so that the same request always gives
 * the same audio (a response cache can then store it, and a user who liked a rendition gets it again).
 *
 * <p>The seed is the first 8 bytes of SHA-256 over voice id, prepared chunk text, step count and speed. Samples are
 * standard normal by Box–Muller over {@link SplittableRandom} (SplitMix64, whose output is fixed by its
 * specification), so the audio does not change with the JDK version.
 */
final class NoiseSource {
    private NoiseSource() {
    }

    /** The seed for one chunk. */
    static long seed(String voiceId, String preparedText, int totalSteps, double speed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = voiceId + '\u0000' + preparedText + '\u0000' + totalSteps + '\u0000'
                    + Double.doubleToLongBits(speed);
            byte[] d = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) seed = (seed << 8) | (d[i] & 0xFF);
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** {@code count} standard normal samples from {@code seed}. */
    static float[] gaussian(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i += 2) {
            double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < count) out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
        }
        return out;
    }
}
