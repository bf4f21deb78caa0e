package dev.hlas.jobs;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.AudioOutput;
import dev.hlas.engine.PcmChunk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Encodes a job's pieces (16-bit mono PCM, all at one rate) into one file, and then gives the file the lengths a
 * streaming encoder could not know when it wrote its header: a WAV gets its real RIFF and data sizes, a FLAC its
 * total sample count, an MP3 an info frame in front ({@link Mp3InfoFrame}: frame count, byte count, seek table and
 * the encoder's delay and padding), so players and {@code ffprobe} show the true duration without reading the whole
 * file, and gapless decoders return exactly the samples that were encoded.
 */
final class FileEncoder {
    private static final int BUFFER = 64 * 1024;

    private FileEncoder() {
    }

    /**
     * Writes the pieces {@code 0..count-1} accepted by {@code include}, in order, to {@code out} as one file.
     *
     * @return the samples written
     */
    static long encode(AudioFormat format, int rate, OutputStream out, IntPredicate include, int count,
                       IntFunction<Path> piece) throws IOException {
        long samples = 0;
        try (AudioOutput output = AudioOutput.open(format, rate, 1.0, out)) {
            byte[] buffer = new byte[BUFFER];
            short[] shorts = new short[BUFFER / 2];
            for (int i = 0; i < count; i++) {
                if (!include.test(i)) continue;
                try (InputStream in = Files.newInputStream(piece.apply(i))) {
                    int carry = 0;
                    int n;
                    while ((n = in.read(buffer, carry, buffer.length - carry)) > 0) {
                        int total = carry + n;
                        int whole = total / 2;
                        ByteBuffer.wrap(buffer, 0, whole * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                                .get(shorts, 0, whole);
                        if (whole > 0) output.write(PcmChunk.fromShorts(shorts, whole, rate));
                        samples += whole;
                        carry = total - whole * 2;
                        if (carry == 1) buffer[0] = buffer[total - 1];
                    }
                }
            }
            output.finish();
        }
        return samples;
    }

    /**
     * Sets the lengths in the header of a finished WAV or FLAC file, or puts an info frame in front of an MP3;
     * other formats are left as they are.
     *
     * @return the finished file: {@code file} itself, or for MP3 a new file beside it ({@code file} is deleted)
     */
    static Path finishHeaders(AudioFormat format, Path file, long samples) throws IOException {
        switch (format) {
            case MP3 -> {
                return Mp3InfoFrame.prepend(file, samples);
            }
            case WAV -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    long length = f.length();
                    if (length < 44 || length - 8 > 0xFFFFFFFFL) return file; // too long for WAV's 32-bit sizes
                    writeIntLe(f, 4, length - 8);
                    writeIntLe(f, 40, length - 44);
                }
            }
            case FLAC -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    byte[] head = new byte[26];
                    if (f.length() < head.length) return file;
                    f.readFully(head);
                    // "fLaC", then the STREAMINFO block (type 0); its 36-bit total sample count ends at byte 26
                    if (head[0] != 'f' || head[1] != 'L' || head[2] != 'a' || head[3] != 'C'
                            || (head[4] & 0x7f) != 0) {
                        return file;
                    }
                    long packed = ByteBuffer.wrap(head, 18, 8).order(ByteOrder.BIG_ENDIAN).getLong();
                    long mask = (1L << 36) - 1;
                    packed = packed & ~mask | samples & mask;
                    f.seek(18);
                    f.writeLong(packed);
                }
            }
            default -> {
            }
        }
        return file;
    }

    private static void writeIntLe(RandomAccessFile f, long at, long value) throws IOException {
        f.seek(at);
        f.write(new byte[]{(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
    }
}
