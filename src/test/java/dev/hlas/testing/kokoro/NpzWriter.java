package dev.hlas.testing.kokoro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes numpy {@code .npz} archives the way {@code np.savez} does: a ZIP of STORED {@code <name>.npy} entries,
 * each an npy v1.0 file whose header is padded so the data starts at offset 128.
 */
public final class NpzWriter {
    private NpzWriter() {
    }

    /** An npz of float32 arrays, all with the given shape (e.g. {@code "510, 1, 256"}). */
    public static Path write(Path file, Map<String, float[]> arrays, String shape) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                byte[] npy = npy(e.getValue(), shape);
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        }
        return file;
    }

    /** One npy v1.0 array of little-endian float32. */
    public static byte[] npy(float[] values, String shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        int headerLength = 128 - 10;
        StringBuilder header = new StringBuilder(dict);
        while (header.length() < headerLength - 1) header.append(' ');
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(128 + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) headerLength);
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    /** Raw little-endian float32, as the onnx-community per-voice {@code .bin} files. */
    public static Path writeRaw(Path file, float[] values) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return Files.write(file, b.array());
    }
}
