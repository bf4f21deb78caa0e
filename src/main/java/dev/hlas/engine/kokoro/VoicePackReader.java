package dev.hlas.engine.kokoro;

import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads Kokoro voices from the two published layouts (see docs/ENGINES.md, "Kokoro"):
 * <ul>
 *   <li>{@code voices-v1.0.bin}: a numpy {@code .npz}, i.e. a ZIP of {@code <name>.npy} entries, each a float32
 *       {@code (510, 1, 256)} array (npy v1–v3 headers);</li>
 *   <li>{@code voices/<name>.bin}: raw little-endian float32 {@code [510,1,256]}, exactly 522,240 bytes.</li>
 * </ul>
 * A pack with any other shape, type or size is refused with a message naming the file, the entry and what was found,
 * rather than producing garbage style vectors later.
 */
public final class VoicePackReader {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private VoicePackReader() {
    }

    /** Every voice in an npz pack, in the pack's order. */
    public static Map<String, VoicePack> readNpz(Path file) {
        Map<String, VoicePack> voices = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) continue;
                String entryName = entry.getName();
                String name = entryName.substring(entryName.lastIndexOf('/') + 1, entryName.length() - 4);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                voices.put(name, new VoicePack(name, parseNpy(bytes, file.getFileName() + " entry " + entryName)));
            }
        } catch (IOException e) {
            throw new ModelBroken("cannot read Kokoro voices pack " + file.getFileName()
                    + " (not a numpy .npz archive, or truncated): " + e.getMessage(), e);
        }
        if (voices.isEmpty()) {
            throw new ModelBroken("Kokoro voices pack " + file.getFileName() + " holds no .npy voices");
        }
        return voices;
    }

    /** One raw {@code .bin} voice; its name is the file name without {@code .bin}. */
    public static VoicePack readBin(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".bin") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try {
            long size = Files.size(file);
            if (size != VoicePack.BYTES) {
                throw new ModelBroken("Kokoro voice file " + fileName + " has " + size + " bytes; a voice is "
                        + "float32 [510,1,256] = " + VoicePack.BYTES + " bytes (truncated or not a Kokoro v1.0 voice)");
            }
            return new VoicePack(name, floats(Files.readAllBytes(file), 0));
        } catch (IOException e) {
            throw new ModelBroken("cannot read Kokoro voice file " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** Parses one npy array and checks it is a Kokoro voice: little-endian float32, C order, (510, 1, 256). */
    static float[] parseNpy(byte[] npy, String where) {
        if (npy.length < 10 || !Arrays.equals(npy, 0, 6, NPY_MAGIC, 0, 6)) {
            throw new ModelBroken("Kokoro voices: " + where + " is not a numpy .npy array");
        }
        int major = npy[6];
        int headerLength;
        int headerStart;
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLength = Short.toUnsignedInt(b.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = b.getInt(8);
            headerStart = 12;
        } else {
            throw new ModelBroken("Kokoro voices: " + where + " uses npy format version " + major);
        }
        if (headerLength < 0 || headerStart + headerLength > npy.length) {
            throw new ModelBroken("Kokoro voices: " + where + " has a truncated npy header");
        }
        String header = new String(npy, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR.matcher(header));
        String fortran = group(FORTRAN.matcher(header));
        String shape = group(SHAPE.matcher(header));
        if (descr == null || shape == null) {
            throw new ModelBroken("Kokoro voices: " + where + " has an unreadable npy header: " + header.strip());
        }
        String normalizedShape = shape.replace(" ", "").replaceAll(",$", "");
        if (!normalizedShape.equals("510,1,256") && !normalizedShape.equals("510,256")) {
            throw new ModelBroken("Kokoro voices: " + where + " has shape (" + shape.strip() + "); a Kokoro "
                    + "v1.0 voice is (510, 1, 256) float32, one 256-value style per input length");
        }
        if (!descr.equals("<f4") && !descr.equals("=f4")) {
            throw new ModelBroken("Kokoro voices: " + where + " holds '" + descr + "' values; expected "
                    + "little-endian float32 ('<f4')");
        }
        if ("True".equals(fortran)) {
            throw new ModelBroken("Kokoro voices: " + where + " is in Fortran order; expected C order");
        }
        int dataStart = headerStart + headerLength;
        if (npy.length - dataStart != VoicePack.BYTES) {
            throw new ModelBroken("Kokoro voices: " + where + " has " + (npy.length - dataStart)
                    + " data bytes; expected " + VoicePack.BYTES);
        }
        return floats(npy, dataStart);
    }

    private static String group(Matcher m) {
        return m.find() ? m.group(1) : null;
    }

    private static float[] floats(byte[] bytes, int offset) {
        float[] out = new float[VoicePack.FLOATS];
        ByteBuffer.wrap(bytes, offset, VoicePack.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
