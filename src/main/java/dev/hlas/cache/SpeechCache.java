package dev.hlas.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Completed speech responses, served again byte for byte: a Caffeine memory tier (weighed in bytes), then an optional
 * shared {@link RedisTier} (replicas serve each other's work), then an optional {@link DiskCache}. A Redis or disk hit
 * is promoted to memory. Only a response that finished successfully is stored
 * ({@link Recorder#commit}); a cancelled or failed one never is. Disk writes happen off the request thread, so the
 * client's response ends as soon as its last byte is sent.
 */
public final class SpeechCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpeechCache.class);

    private final boolean enabled;
    private final long maxEntryBytes;
    private final Cache<CacheKey, CachedResponse> memory;
    private final DiskCache disk;
    private final RedisTier shared;
    private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger pendingWrites = new AtomicInteger();
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong bypassed = new AtomicLong();
    private final AtomicLong stores = new AtomicLong();

    /**
     * @param enabled       false: every lookup is a bypass and nothing is stored
     * @param memoryBytes   memory tier cap (0 = no memory tier)
     * @param diskDir       directory of the disk tier
     * @param diskBytes     disk tier cap (0 = no disk tier)
     * @param maxEntryBytes largest response stored
     */
    public SpeechCache(boolean enabled, long memoryBytes, Path diskDir, long diskBytes, long maxEntryBytes) {
        this(enabled, memoryBytes, diskDir, diskBytes, maxEntryBytes, null);
    }

    /**
     * A cache with a shared tier.
     *
     * @param shared the Redis tier, owned (closed) by this cache; null = none
     */
    public SpeechCache(boolean enabled, long memoryBytes, Path diskDir, long diskBytes, long maxEntryBytes,
                       RedisTier shared) {
        this.enabled = enabled;
        this.shared = shared;
        this.maxEntryBytes = maxEntryBytes;
        this.memory = enabled && memoryBytes > 0
                ? Caffeine.newBuilder().maximumWeight(memoryBytes).<CacheKey, CachedResponse>weigher((k, v) -> v.weight())
                .build()
                : null;
        DiskCache d = null;
        if (enabled && diskBytes > 0) {
            try {
                d = new DiskCache(diskDir, diskBytes);
            } catch (IOException e) {
                log.warn("disk cache at {} unavailable, memory only: {}", diskDir, e.toString());
            }
        }
        this.disk = d;
    }

    /** A cache that stores nothing. */
    public static SpeechCache disabled() {
        return new SpeechCache(false, 0, null, 0, 1);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Looks a response up.
     *
     * @param bypass the client asked not to use the cache ({@code Cache-Control: no-cache}/{@code no-store})
     * @return the cached response, or empty (then {@link #recorder} stores the new one)
     */
    public Optional<CachedResponse> get(CacheKey key, boolean bypass) {
        if (!enabled || bypass) {
            bypassed.incrementAndGet();
            return Optional.empty();
        }
        CachedResponse hit = memory == null ? null : memory.getIfPresent(key);
        if (hit != null) {
            memoryHits.incrementAndGet();
            return Optional.of(hit);
        }
        if (shared != null) {
            Optional<CachedResponse> fromRedis = shared.get(key);
            if (fromRedis.isPresent()) {
                if (memory != null) memory.put(key, fromRedis.get());
                return fromRedis;
            }
        }
        if (disk != null) {
            Optional<CachedResponse> fromDisk = disk.get(key);
            if (fromDisk.isPresent()) {
                diskHits.incrementAndGet();
                if (memory != null) memory.put(key, fromDisk.get());
                return fromDisk;
            }
        }
        if (shared != null) {
            Optional<CachedResponse> fromPeer = shared.claimOrAwait(key);
            if (fromPeer.isPresent()) {
                if (memory != null) memory.put(key, fromPeer.get());
                return fromPeer;
            }
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    /** A recorder that keeps a copy of the bytes sent, to be stored under {@code key} when the response completes. */
    public Recorder recorder(CacheKey key, boolean bypass) {
        return new Recorder(enabled && !bypass ? key : null);
    }

    private void store(CacheKey key, CachedResponse response) {
        stores.incrementAndGet();
        if (memory != null) memory.put(key, response);
        if (disk != null || shared != null) {
            pendingWrites.incrementAndGet();
            writer.execute(() -> {
                try {
                    if (shared != null) {
                        shared.put(key, response);
                        shared.release(key);
                    }
                    if (disk != null) disk.put(key, response);
                } finally {
                    pendingWrites.decrementAndGet();
                }
            });
        }
    }

    /** The shared tier, if one is configured. */
    public Optional<RedisTier> shared() {
        return Optional.ofNullable(shared);
    }

    /** Waits until queued disk writes are done (tests, shutdown); answers whether they are. */
    public boolean awaitWrites(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pendingWrites.get() > 0) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }

    /** Counters and sizes, for metrics. */
    public Stats stats() {
        long memBytes = 0;
        long memEntries = 0;
        if (memory != null) {
            memEntries = memory.estimatedSize();
            for (CachedResponse r : memory.asMap().values()) memBytes += r.weight();
        }
        return new Stats(memoryHits.get(), diskHits.get(), misses.get(), bypassed.get(), stores.get(),
                disk == null ? 0 : disk.corrupt(), memEntries, memBytes, disk == null ? 0 : disk.entries(),
                disk == null ? 0 : disk.bytes());
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) log.warn("cache writes still pending at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shared != null) shared.close();
    }

    /**
     * Cache counters.
     *
     * @param memoryHits  hits served from memory
     * @param diskHits    hits served from disk
     * @param misses      lookups that found nothing
     * @param bypassed    lookups skipped (cache off, or the client opted out)
     * @param stores      responses stored
     * @param corrupt     disk entries found damaged and deleted
     * @param memoryEntries entries in memory
     * @param memoryBytes   bytes in memory
     * @param diskEntries   entries on disk
     * @param diskBytes     bytes on disk
     */
    public record Stats(long memoryHits, long diskHits, long misses, long bypassed, long stores, long corrupt,
                        long memoryEntries, long memoryBytes, long diskEntries, long diskBytes) {
    }

    /**
     * Tees a response's bytes while they are sent; {@link #commit} stores them once the response is complete. A
     * response larger than the entry cap, or one never committed (cancelled, failed), is dropped.
     */
    public final class Recorder {
        private final CacheKey key;
        private final ByteArrayOutputStream copy;
        private boolean overflow;
        private boolean done;

        private Recorder(CacheKey key) {
            this.key = key;
            this.copy = key == null ? null : new ByteArrayOutputStream(16 * 1024);
        }

        /** Wraps the response stream: writes go to {@code out} and, while under the cap, to the copy. */
        public OutputStream tee(OutputStream out) {
            if (key == null) return out;
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    keep(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    keep(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        private void keep(byte[] b, int off, int len) {
            if (overflow) return;
            if (copy.size() + (long) len > maxEntryBytes) {
                overflow = true;
                copy.reset();
                abandon(); // never stored: whoever waits for it should synthesize now
                return;
            }
            copy.write(b, off, len);
        }

        /** Stores the complete response. Call only after its last byte was sent successfully. */
        public void commit(String contentType, Map<String, String> headers, double audioSeconds) {
            if (key == null || overflow || done) return;
            done = true;
            store(key, new CachedResponse(contentType, headers, audioSeconds, copy.toByteArray()));
        }

        /**
         * The response ends without being stored (failed, cancelled, too large): gives up this replica's claim to
         * synthesize it, so other replicas waiting for it stop waiting. Does nothing after {@link #commit}.
         */
        public void abandon() {
            if (key == null || done) return;
            done = true;
            if (shared != null && shared.claimed(key)) {
                pendingWrites.incrementAndGet();
                writer.execute(() -> {
                    try {
                        shared.release(key);
                    } finally {
                        pendingWrites.decrementAndGet();
                    }
                });
            }
        }
    }
}
