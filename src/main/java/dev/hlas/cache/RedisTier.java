package dev.hlas.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared cache tier: completed responses in Redis, so replicas behind one load balancer serve each other's work.
 * An entry is the disk tier's encoding ({@link DiskCache#encode}: magic, SHA-256 of the payload, the key, the content
 * type, headers, audio seconds and body) stored under {@code hlas:speech:<key>} with a TTL; a read checks the checksum
 * and the key, and a damaged entry is deleted and counts as a miss, so it is re-synthesized, never served.
 *
 * <p>Redis is an optimisation, never a dependency: every command has a bounded timeout, and after
 * {@link #FAILURES_TO_OPEN} failures in a row a circuit breaker stops calling it, so requests use the local tiers
 * only. After {@code retryAfter} one request probes Redis again; success closes the breaker. Each change between
 * available and unavailable is logged once and visible in {@link #available()} (a metric).
 */
public final class RedisTier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
    static final int FAILURES_TO_OPEN = 3;
    private static final int DEFAULT_PORT = 6379;
    private static final String PREFIX = "hlas:speech:";
    private static final String LOCK_PREFIX = "hlas:synth:";
    /** How long a claim to synthesize a key lives if its holder never releases it (crashed, response failed). */
    static final Duration LOCK_TTL = Duration.ofSeconds(30);
    /** How long a replica waits for another one's entry before it synthesizes itself. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 25;
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final UnifiedJedis redis;
    private final String where;
    private final long ttlMillis;
    private final long maxEntryBytes;
    private final long retryAfterNanos;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong stores = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedHits = new AtomicLong();
    /** Keys this replica claimed to synthesize, with the claim's token. */
    private final Map<CacheKey, String> claims = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private int failuresInRow;
    private boolean open;
    private long openUntil;
    private boolean probing;

    /**
     * How to reach and use Redis.
     *
     * @param uri           {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS
     * @param timeout       longest a connect or a command may take
     * @param ttl           how long an entry lives in Redis
     * @param maxEntryBytes largest encoded entry stored in Redis
     * @param retryAfter    how long the breaker stays open before one request probes Redis again
     */
    public record Settings(URI uri, Duration timeout, Duration ttl, long maxEntryBytes, Duration retryAfter) {
        public Settings {
            if (uri == null || uri.getHost() == null || !JedisURIHelper.isRedisScheme(uri)) {
                throw new IllegalArgumentException("not a redis:// or rediss:// URL with a host: " + uri);
            }
            if (timeout.isNegative() || timeout.isZero() || ttl.isNegative() || ttl.isZero() || maxEntryBytes < 1
                    || retryAfter.isNegative()) {
                throw new IllegalArgumentException("Redis timeout, TTL and entry size must be positive");
            }
        }
    }

    public RedisTier(Settings settings) {
        URI uri = settings.uri();
        int timeoutMillis = (int) Math.max(1, settings.timeout().toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .ssl("rediss".equalsIgnoreCase(uri.getScheme()));
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null) config.user(user);
        if (password != null) config.password(password);
        if (JedisURIHelper.hasDbIndex(uri)) config.database(JedisURIHelper.getDBIndex(uri));
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        this.redis = RedisClient.builder().hostAndPort(new HostAndPort(uri.getHost(), port))
                .clientConfig(config.build()).build();
        this.where = uri.getHost() + ":" + port;
        this.ttlMillis = settings.ttl().toMillis();
        this.maxEntryBytes = settings.maxEntryBytes();
        this.retryAfterNanos = settings.retryAfter().toNanos();
    }

    /** The entry under {@code key}; empty on a miss, a damaged entry, or while Redis is unavailable. */
    Optional<CachedResponse> get(CacheKey key) {
        if (!allow()) return Optional.empty();
        byte[] bytes;
        try {
            bytes = redis.get(name(key));
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
        if (bytes == null) return Optional.empty();
        Optional<CachedResponse> entry = DiskCache.decode(key, bytes);
        if (entry.isEmpty()) {
            corrupt.incrementAndGet();
            log.warn("shared cache entry {} is corrupt; deleting it", key.hex());
            delete(key);
            return Optional.empty();
        }
        hits.incrementAndGet();
        return entry;
    }

    /**
     * After every tier missed: claims the key for synthesis with a short Redis lock ({@code SET NX PX}). When another
     * replica (or request) holds the claim, waits for its entry up to {@link #LOCK_WAIT} and returns it; empty means
     * synthesize now (claim won, the other gave up, the wait ran out, or Redis is unavailable).
     */
    Optional<CachedResponse> claimOrAwait(CacheKey key) {
        if (!allow()) return Optional.empty();
        String lock = lockName(key);
        String token = UUID.randomUUID().toString();
        try {
            String ok = redis.set(lock, token, SetParams.setParams().nx().px(LOCK_TTL.toMillis()));
            succeeded();
            if ("OK".equals(ok)) {
                claims.put(key, token);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
        waits.incrementAndGet();
        long end = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            while (System.nanoTime() - end < 0) {
                Thread.sleep(POLL_MILLIS);
                Optional<CachedResponse> entry = get(key);
                if (entry.isPresent()) {
                    waitedHits.incrementAndGet();
                    return entry;
                }
                if (!allow()) return Optional.empty();
                boolean held;
                try {
                    held = redis.exists(lock);
                    succeeded();
                } catch (RuntimeException e) {
                    failed(e);
                    return Optional.empty();
                }
                if (!held) return get(key); // the holder gave up (or just stored it)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** Gives up this replica's claim on {@code key}, if it has one (after storing, or when the response failed). */
    void release(CacheKey key) {
        String token = claims.remove(key);
        if (token == null || !allow()) return;
        try {
            redis.eval(RELEASE, List.of(lockName(key)), List.of(token));
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Whether this replica holds a claim on {@code key}. */
    boolean claimed(CacheKey key) {
        return claims.containsKey(key);
    }

    private static String lockName(CacheKey key) {
        return LOCK_PREFIX + key.hex();
    }

    /** Stores a response (called off the request thread); skipped while Redis is unavailable or when too large. */
    void put(CacheKey key, CachedResponse response) {
        byte[] bytes = DiskCache.encode(key, response);
        if (bytes.length > maxEntryBytes) {
            tooLarge.incrementAndGet();
            return;
        }
        if (!allow()) return;
        try {
            redis.set(name(key), bytes, SetParams.setParams().px(ttlMillis));
            stores.incrementAndGet();
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void delete(CacheKey key) {
        if (!allow()) return;
        try {
            redis.del(name(key));
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private static byte[] name(CacheKey key) {
        return (PREFIX + key.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a command may go to Redis now: the breaker is closed, or open long enough for one probe. */
    private synchronized boolean allow() {
        if (!open) return true;
        if (probing || System.nanoTime() - openUntil < 0) return false;
        probing = true;
        return true;
    }

    private synchronized void succeeded() {
        failuresInRow = 0;
        probing = false;
        if (open) {
            open = false;
            log.info("shared cache at {} is available again", where);
        }
    }

    private synchronized void failed(RuntimeException e) {
        errors.incrementAndGet();
        failuresInRow++;
        if (open) {
            probing = false;
            openUntil = System.nanoTime() + retryAfterNanos;
        } else if (failuresInRow >= FAILURES_TO_OPEN) {
            open = true;
            openUntil = System.nanoTime() + retryAfterNanos;
            log.warn("shared cache at {} is unavailable, serving from local tiers only: {}", where, e.toString());
        }
    }

    /** False while the breaker is open (Redis failed repeatedly and is not being used). */
    public synchronized boolean available() {
        return !open;
    }

    /** Counters for metrics. */
    public Stats stats() {
        return new Stats(hits.get(), stores.get(), errors.get(), corrupt.get(), tooLarge.get(), waits.get(),
                waitedHits.get(), available());
    }

    /**
     * Shared tier counters.
     *
     * @param hits      entries served from Redis
     * @param stores    entries written to Redis
     * @param errors    commands that failed or timed out
     * @param corrupt   entries found damaged and deleted
     * @param tooLarge  responses not stored because they exceed the entry cap
     * @param waits     misses that found another replica synthesizing the same key and waited for it
     * @param waitedHits waits that ended with the other replica's entry (a synthesis saved)
     * @param available whether Redis is being used (the breaker is closed)
     */
    public record Stats(long hits, long stores, long errors, long corrupt, long tooLarge, long waits,
                        long waitedHits, boolean available) {
    }

    @Override
    public void close() {
        try {
            redis.close();
        } catch (RuntimeException e) {
            log.debug("closing the Redis client", e);
        }
    }
}
