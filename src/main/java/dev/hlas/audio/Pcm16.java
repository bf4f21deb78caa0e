package dev.hlas.audio;

/** Float ↔ 16-bit little-endian PCM conversion. */
public final class Pcm16 {
    private Pcm16() {
    }

    /** Clips to [-1, 1] and scales by 32767, truncating toward zero as Piper's reference does. */
    public static short toShort(float sample) {
        float clipped = sample > 1f ? 1f : (sample < -1f ? -1f : sample);
        return (short) (int) (clipped * 32767f);
    }

    /** Writes samples as s16le into a new byte array. */
    public static byte[] toLittleEndian(float[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short s = toShort(samples[i]);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}
