package dev.hlas.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk tier: one file per response under {@code dir/ab/<key>.bin}, capped in total size, least recently used
 * evicted first.
 *
 * <p>Entry layout: {@code MAGIC} (8 bytes), SHA-256 of the payload (32 bytes), payload (the key, content type,
 * headers, audio seconds, body). A write goes to a temporary file in the same directory, is forced to disk, then
 * atomically renamed into place: a crash leaves either no entry or a whole one (left-over temporary files are removed
 * at start). A read checks the magic, the checksum and the key; any mismatch deletes the entry and counts as a miss.
 *
 * <p>Recency survives restarts through the files' modification times, which a hit refreshes.
 */
final class DiskCache {
    private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
    private static final byte[] MAGIC = "HLASC01\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    private final Path dir;
    private final long capBytes;
    /** Access-ordered: the eldest entry is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<String, Long> index = new LinkedHashMap<>(256, 0.75f, true);
    private long totalBytes;
    private long corrupt;

    DiskCache(Path dir, long capBytes) throws IOException {
        this.dir = dir;
        this.capBytes = capBytes;
        Files.createDirectories(dir);
        load();
    }

    private void load() throws IOException {
        record Found(String key, long size, FileTime modified) {
        }
        List<Found> found;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            found = files.filter(Files::isRegularFile).flatMap(p -> {
                String name = p.getFileName().toString();
                try {
                    if (name.endsWith(".tmp")) {
                        Files.deleteIfExists(p); // an interrupted write: never an entry
                        return Stream.empty();
                    }
                    if (!name.endsWith(".bin")) return Stream.empty();
                    return Stream.of(new Found(name.substring(0, name.length() - 4), Files.size(p),
                            Files.getLastModifiedTime(p)));
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).sorted(Comparator.comparing(Found::modified)).toList();
        }
        synchronized (this) {
            for (Found f : found) {
                index.put(f.key(), f.size());
                totalBytes += f.size();
            }
            evict();
        }
    }

    Optional<CachedResponse> get(CacheKey key) {
        synchronized (this) {
            if (index.get(key.hex()) == null) return Optional.empty();
        }
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            forget(key);
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cache entry {} unreadable: {}", key.hex(), e.toString());
            return Optional.empty();
        }
        Optional<CachedResponse> entry = decode(key, bytes);
        if (entry.isEmpty()) {
            log.warn("cache entry {} is corrupt; deleting it", key.hex());
            synchronized (this) {
                corrupt++;
            }
            remove(key);
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // recency across restarts is best effort
        }
        return entry;
    }

    void put(CacheKey key, CachedResponse response) {
        byte[] bytes = encode(key, response);
        if (bytes.length > capBytes) return;
        Path file = file(key);
        Path tmp = file.resolveSibling(key.hex() + "." + Thread.currentThread().threadId() + "." + System.nanoTime()
                + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
                return; // never a non-atomic write
            }
        } catch (IOException e) {
            log.warn("cannot write cache entry {}: {}", key.hex(), e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return;
        }
        synchronized (this) {
            Long old = index.put(key.hex(), (long) bytes.length);
            totalBytes += bytes.length - (old == null ? 0 : old);
            evict();
        }
    }

    private void evict() {
        Iterator<Map.Entry<String, Long>> it = index.entrySet().iterator();
        while (totalBytes > capBytes && it.hasNext()) {
            Map.Entry<String, Long> eldest = it.next();
            it.remove();
            totalBytes -= eldest.getValue();
            try {
                Files.deleteIfExists(file(new CacheKey(eldest.getKey())));
            } catch (IOException | IllegalArgumentException e) {
                log.debug("cannot evict {}", eldest.getKey(), e);
            }
        }
    }

    private void remove(CacheKey key) {
        forget(key);
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            log.debug("cannot delete {}", key.hex(), e);
        }
    }

    private synchronized void forget(CacheKey key) {
        Long size = index.remove(key.hex());
        if (size != null) totalBytes -= size;
    }

    synchronized long bytes() {
        return totalBytes;
    }

    synchronized int entries() {
        return index.size();
    }

    synchronized long corrupt() {
        return corrupt;
    }

    /** Where a key's entry lives (exposed for tests that damage entries on purpose). */
    Path file(CacheKey key) {
        return dir.resolve(key.hex().substring(0, 2)).resolve(key.hex() + ".bin");
    }

    static byte[] encode(CacheKey key, CachedResponse r) {
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(r.body().length + 256);
            DataOutputStream out = new DataOutputStream(payload);
            out.writeUTF(key.hex());
            out.writeUTF(r.contentType());
            out.writeInt(r.headers().size());
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                out.writeUTF(h.getKey());
                out.writeUTF(h.getValue());
            }
            out.writeDouble(r.audioSeconds());
            out.writeInt(r.body().length);
            out.write(r.body());
            out.flush();
            byte[] p = payload.toByteArray();
            byte[] digest = CacheKey.digest().digest(p);
            byte[] all = new byte[MAGIC.length + DIGEST_BYTES + p.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            System.arraycopy(digest, 0, all, MAGIC.length, DIGEST_BYTES);
            System.arraycopy(p, 0, all, MAGIC.length + DIGEST_BYTES, p.length);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    static Optional<CachedResponse> decode(CacheKey key, byte[] all) {
        int head = MAGIC.length + DIGEST_BYTES;
        if (all.length < head || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return Optional.empty();
        MessageDigest md = CacheKey.digest();
        md.update(all, head, all.length - head);
        if (!MessageDigest.isEqual(md.digest(), Arrays.copyOfRange(all, MAGIC.length, head))) return Optional.empty();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, head, all.length - head));
            if (!in.readUTF().equals(key.hex())) return Optional.empty();
            String contentType = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > 64) return Optional.empty();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) headers.put(in.readUTF(), in.readUTF());
            double seconds = in.readDouble();
            int length = in.readInt();
            if (length < 0 || length != in.available()) return Optional.empty();
            byte[] body = in.readNBytes(length);
            return Optional.of(new CachedResponse(contentType, headers, seconds, body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
