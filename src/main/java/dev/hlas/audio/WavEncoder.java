package dev.hlas.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 16-bit mono WAV. A streamed WAV's length is unknown when the header goes out, so the RIFF and data sizes are
 * {@code 0xFFFFFFFF} (what OpenAI sends; decoders read to the end of the stream). {@link #header} with a known
 * sample count gives exact sizes for fully buffered responses.
 */
final class WavEncoder implements AudioEncoder {
    static final int UNKNOWN_SIZE = 0xFFFFFFFF;
    private final OutputStream out;
    private final int sampleRate;
    private boolean headerWritten;

    WavEncoder(OutputStream out, int sampleRate) {
        this.out = out;
        this.sampleRate = sampleRate;
    }

    /** A 44-byte PCM WAV header; {@code dataBytes} = {@link #UNKNOWN_SIZE} for a stream. */
    static byte[] header(int sampleRate, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        b.putInt(dataBytes == UNKNOWN_SIZE ? UNKNOWN_SIZE : 36 + dataBytes);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII));
        b.putInt(dataBytes);
        return b.array();
    }

    /**
     * A streamed WAV (sizes {@code 0xFFFFFFFF}) with its RIFF and data sizes set to the actual byte counts, for a
     * response that is complete before it is sent. Other bytes are returned unchanged.
     */
    static byte[] withExactSizes(byte[] wav) {
        if (wav.length < 44 || wav[0] != 'R' || wav[1] != 'I' || wav[2] != 'F' || wav[3] != 'F'
                || wav[36] != 'd' || wav[37] != 'a' || wav[38] != 't' || wav[39] != 'a') {
            return wav;
        }
        byte[] fixed = wav.clone();
        ByteBuffer b = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, fixed.length - 8);
        b.putInt(40, fixed.length - 44);
        return fixed;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void write(float[] samples) throws IOException {
        writeHeaderOnce();
        out.write(Pcm16.toLittleEndian(samples));
    }

    private void writeHeaderOnce() throws IOException {
        if (!headerWritten) {
            out.write(header(sampleRate, UNKNOWN_SIZE));
            headerWritten = true;
        }
    }

    @Override
    public void finish() throws IOException {
        writeHeaderOnce(); // an empty utterance is still a valid (empty) WAV
    }

    @Override
    public void close() {
    }
}
