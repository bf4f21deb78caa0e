package dev.hlas.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed 16-bit PCM WAV (test helper, independent of the server's writer).
 *
 * @param sampleRate    Hz
 * @param channels      channel count
 * @param bitsPerSample bits
 * @param riffSize      the RIFF size field as written
 * @param dataSize      the data size field as written
 * @param samples       decoded samples (from the bytes after the data header to the end of the stream)
 */
public record Wav(int sampleRate, int channels, int bitsPerSample, long riffSize, long dataSize, short[] samples) {
    public static Wav parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) throw new IllegalArgumentException("not a WAV");
        long riff = Integer.toUnsignedLong(b.getInt(4));
        int pos = 12;
        int rate = 0, channels = 0, bits = 0;
        while (pos + 8 <= bytes.length) {
            String id = new String(bytes, pos, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (id.equals("fmt ")) {
                channels = b.getShort(pos + 10);
                rate = b.getInt(pos + 12);
                bits = b.getShort(pos + 22);
            } else if (id.equals("data")) {
                int start = pos + 8;
                short[] samples = new short[(bytes.length - start) / 2];
                b.position(start);
                b.asShortBuffer().get(samples);
                return new Wav(rate, channels, bits, riff, size, samples);
            }
            pos += 8 + (int) size;
        }
        throw new IllegalArgumentException("WAV has no data chunk");
    }

    private static boolean ascii(byte[] bytes, int at, String s) {
        return bytes.length >= at + 4 && new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(s);
    }

    public double seconds() {
        return samples.length / (double) sampleRate / channels;
    }

    /** Root mean square of the samples in [0, 1]: near 0 for silence. */
    public double rms() {
        double sum = 0;
        for (short s : samples) sum += (s / 32768.0) * (s / 32768.0);
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }
}
