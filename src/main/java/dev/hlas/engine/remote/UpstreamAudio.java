package dev.hlas.engine.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads an upstream's audio body as it arrives: raw 16-bit little-endian mono PCM at a declared rate (OpenAI's
 * {@code pcm}), or a WAV stream (for servers that cannot send {@code pcm}) whose header gives the rate, channels and
 * sample type — 16-bit integer or 32-bit float, any channel count (mixed down to mono). A WAV written while it is
 * being produced may carry a placeholder data length (0 or 0xFFFFFFFF): its data then runs to the end of the body.
 */
final class UpstreamAudio {
    private static final int READ_BYTES = 8192;
    private static final long UNKNOWN = -1;

    /** The body is not audio this reader understands (a broken or unsupported WAV header). */
    static final class BadAudio extends IOException {
        BadAudio(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final boolean wav;
    private int sampleRate;
    private int channels = 1;
    private boolean floats;
    private long dataLeft = UNKNOWN;
    private boolean headerRead;
    private final byte[] buffer = new byte[READ_BYTES + 16];
    private int carry;

    private UpstreamAudio(InputStream in, boolean wav, int sampleRate) {
        this.in = in;
        this.wav = wav;
        this.sampleRate = sampleRate;
        this.headerRead = !wav;
    }

    static UpstreamAudio pcm(InputStream in, int sampleRate) {
        return new UpstreamAudio(in, false, sampleRate);
    }

    static UpstreamAudio wav(InputStream in) {
        return new UpstreamAudio(in, true, 0);
    }

    /** The rate of the samples {@link #read} returns (a WAV's after its header was read). */
    int sampleRate() {
        return sampleRate;
    }

    /**
     * The next samples as they arrive (possibly none when a read brought less than a frame), or null at the end.
     *
     * @throws BadAudio   for a WAV header this reader cannot use
     * @throws IOException when the body breaks off
     */
    float[] read() throws IOException {
        if (!headerRead) {
            header();
            headerRead = true;
        }
        if (dataLeft == 0) return null;
        int want = READ_BYTES;
        if (dataLeft > 0) want = (int) Math.min(want, dataLeft);
        int n = in.read(buffer, carry, want);
        if (n < 0) return null;
        if (dataLeft > 0) dataLeft -= n;
        int bytes = carry + n;
        int frameBytes = channels * (floats ? 4 : 2);
        int frames = bytes / frameBytes;
        float[] out = new float[frames];
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, frames * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) sum += floats ? b.getFloat() : b.getShort() / 32768f;
            out[f] = sum / channels;
        }
        carry = bytes - frames * frameBytes;
        if (carry > 0) System.arraycopy(buffer, frames * frameBytes, buffer, 0, carry);
        return out;
    }

    private void header() throws IOException {
        byte[] riff = readFully(12);
        if (!tag(riff, 0, "RIFF") || !tag(riff, 8, "WAVE")) throw new BadAudio("sent a body that is not WAV");
        boolean format = false;
        while (true) {
            byte[] chunk = readFully(8);
            long size = Integer.toUnsignedLong(ByteBuffer.wrap(chunk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (tag(chunk, 0, "fmt ")) {
                if (size < 16 || size > 1024) throw new BadAudio("sent a WAV with a broken format chunk");
                ByteBuffer fmt = ByteBuffer.wrap(readFully((int) (size + (size & 1)))).order(ByteOrder.LITTLE_ENDIAN);
                int type = Short.toUnsignedInt(fmt.getShort());
                channels = Short.toUnsignedInt(fmt.getShort());
                sampleRate = fmt.getInt();
                fmt.getInt(); // byte rate
                fmt.getShort(); // block align
                int bits = Short.toUnsignedInt(fmt.getShort());
                if (type == 0xFFFE && size >= 40) type = fmt.getShort(24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE's subformat
                if (type == 1 && bits == 16) {
                    floats = false;
                } else if (type == 3 && bits == 32) {
                    floats = true;
                } else {
                    throw new BadAudio("sent WAV audio of type " + type + " with " + bits
                            + " bits (readable: 16-bit PCM, 32-bit float)");
                }
                if (channels < 1 || channels > 8 || sampleRate < 1000 || sampleRate > 384_000) {
                    throw new BadAudio("sent a WAV with " + channels + " channels at " + sampleRate + " Hz");
                }
                format = true;
            } else if (tag(chunk, 0, "data")) {
                if (!format) throw new BadAudio("sent a WAV whose data comes before its format");
                dataLeft = size == 0 || size == 0xFFFFFFFFL ? UNKNOWN : size;
                return;
            } else {
                if (size > 1 << 20) throw new BadAudio("sent a WAV with an oversized header chunk");
                readFully((int) (size + (size & 1)));
            }
        }
    }

    private byte[] readFully(int n) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length < n) throw new EOFException("the body ended inside the WAV header");
        return out;
    }

    private static boolean tag(byte[] b, int at, String tag) {
        for (int i = 0; i < 4; i++) if (b[at + i] != tag.charAt(i)) return false;
        return true;
    }
}
