package dev.hlas.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The info frame a finished CBR MP3 starts with: an MPEG frame without audio that holds the "Info" tag (number of
 * audio frames, file size, a seek table, quality) and the LAME extension with the encoder's delay and the padding
 * of the last frame. Without it a player can only estimate the duration from the bit rate, and a decoder cannot
 * drop the encoder's leading and trailing silence. The stream itself is left byte for byte as the encoder wrote it.
 */
final class Mp3InfoFrame {
    /** Samples LAME puts in front of the audio (its fixed encoder delay). */
    static final int ENCODER_DELAY = 576;
    private static final int[] KBPS_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
    private static final int[] KBPS_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
    private static final int[][] RATES = {{11025, 12000, 8000}, null, {22050, 24000, 16000}, {44100, 48000, 32000}};

    private Mp3InfoFrame() {
    }

    /** One MPEG audio layer III frame header. */
    record Header(int b0, int b1, int b2, int b3) {
        static Header at(byte[] b, int off) {
            Header h = new Header(b[off] & 0xff, b[off + 1] & 0xff, b[off + 2] & 0xff, b[off + 3] & 0xff);
            return h.valid() ? h : null;
        }

        int version() {
            return b1 >> 3 & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        }

        boolean valid() {
            return b0 == 0xff && (b1 & 0xe0) == 0xe0 && version() != 1 && (b1 >> 1 & 3) == 1
                    && kbps() > 0 && (b2 >> 2 & 3) != 3;
        }

        int kbps() {
            return (version() == 3 ? KBPS_V1 : KBPS_V2)[b2 >> 4];
        }

        int sampleRate() {
            return RATES[version()][b2 >> 2 & 3];
        }

        int samplesPerFrame() {
            return version() == 3 ? 1152 : 576;
        }

        boolean mono() {
            return (b3 >> 6) == 3;
        }

        int length() {
            return (version() == 3 ? 144 : 72) * kbps() * 1000 / sampleRate() + (b2 >> 1 & 1);
        }

        int sideInfo() {
            return version() == 3 ? (mono() ? 17 : 32) : (mono() ? 9 : 17);
        }
    }

    /**
     * Writes {@code file} with an info frame in front to a new file beside it, deletes {@code file} and returns the
     * new one. A file that does not start with an MPEG layer III frame is returned unchanged.
     *
     * @param samples the samples that were encoded (what a gapless decoder should give back)
     */
    static Path prepend(Path file, long samples) throws IOException {
        long size = Files.size(file);
        Header first;
        long frames = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[4];
            if (size < 4) return file;
            f.readFully(head);
            first = Header.at(head, 0);
            if (first == null) return file;
            long at = 0;
            while (at + 4 <= size) {
                f.seek(at);
                f.readFully(head);
                Header h = Header.at(head, 0);
                if (h == null) break;
                frames++;
                at += h.length();
            }
        }
        byte[] frame = frame(first, frames, size, samples);
        Path out = file.resolveSibling(file.getFileName() + ".info");
        try (OutputStream o = Files.newOutputStream(out); InputStream in = Files.newInputStream(file)) {
            o.write(frame);
            in.transferTo(o);
        }
        Files.delete(file);
        return out;
    }

    /** The info frame for a stream of {@code frames} frames and {@code streamBytes} bytes like {@code first}. */
    static byte[] frame(Header first, long frames, long streamBytes, long samples) {
        // the same stream parameters, no padding, no CRC
        Header h = new Header(first.b0(), first.b1() | 1, first.b2() & ~2, first.b3());
        byte[] frame = new byte[h.length()];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.put((byte) h.b0()).put((byte) h.b1()).put((byte) h.b2()).put((byte) h.b3());
        b.position(4 + h.sideInfo());
        b.put("Info".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x0f); // frames, bytes, seek table and quality follow
        b.putInt((int) frames);
        b.putInt((int) Math.min(0xffffffffL, streamBytes + frame.length));
        for (int i = 0; i < 100; i++) b.put((byte) (i * 256 / 100)); // constant bit rate: a straight line
        b.putInt(0); // quality
        int tagStart = b.position();
        b.put("LAME3.100".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0x01); // tag revision 0, constant bit rate
        b.put((byte) 0); // lowpass unknown
        b.putInt(0).putShort((short) 0).putShort((short) 0); // no replay gain
        b.put((byte) 0); // encoding flags, ATH type
        b.put((byte) Math.min(255, h.kbps()));
        long total = frames * h.samplesPerFrame();
        long padding = Math.max(0, Math.min(4095, total - ENCODER_DELAY - samples));
        int delays = ENCODER_DELAY << 12 | (int) padding;
        b.put((byte) (delays >> 16)).put((byte) (delays >> 8)).put((byte) delays);
        b.put((byte) 0).put((byte) 0).putShort((short) 0); // misc, MP3 gain, preset
        b.putInt((int) Math.min(0xffffffffL, streamBytes + frame.length)); // music length
        b.putShort((short) 0); // music CRC (not computed)
        int crcAt = b.position();
        b.putShort((short) crc16(frame, crcAt));
        assert crcAt - tagStart == 34;
        return frame;
    }

    /** CRC-16 (polynomial 0x8005, reflected, initial 0) of {@code data[0..length)}: the LAME tag's checksum. */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? crc >>> 1 ^ 0xa001 : crc >>> 1;
        }
        return crc & 0xffff;
    }
}
