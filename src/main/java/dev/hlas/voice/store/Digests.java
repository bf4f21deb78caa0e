package dev.hlas.voice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and MD5 computed together while bytes stream past, so a file is read (or downloaded) once. */
final class Digests {
    private final MessageDigest sha256;
    private final MessageDigest md5;
    private long size;

    Digests() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256/MD5", e);
        }
    }

    void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        md5.update(buffer, offset, length);
        size += length;
    }

    long size() {
        return size;
    }

    /** Finishes: the digests of everything seen. */
    Result finish() {
        HexFormat hex = HexFormat.of();
        return new Result(size, hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()));
    }

    static Result of(Path file) throws IOException {
        Digests d = new Digests();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return d.finish();
    }

    /** Size and digests of some bytes. */
    record Result(long size, String sha256, String md5) {
        /**
         * Why these bytes are not the catalog's file, or null when they are.
         */
        String mismatch(CatalogFile expected) {
            if (size != expected.size()) {
                return "size is " + size + " bytes, expected " + expected.size();
            }
            if (expected.sha256() != null && !expected.sha256().equalsIgnoreCase(sha256)) {
                return "SHA-256 is " + sha256 + ", expected " + expected.sha256();
            }
            if (expected.md5() != null && !expected.md5().equalsIgnoreCase(md5)) {
                return "MD5 is " + md5 + ", expected " + expected.md5();
            }
            return null;
        }
    }
}
