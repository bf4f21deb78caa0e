package dev.hlas.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * How the server behaves under load and who may use it: worker pools, admission, deadlines, cache, API keys, CORS,
 * trusted proxies, shutdown. Part of {@link HlasConfig}; validated here, once.
 *
 * @param workers             worker threads per engine id; an engine not named uses its own
 *                            {@code parallelism()}
 * @param queueLimit          requests that may wait per engine beyond those running; one more is refused (429)
 * @param requestTimeout      longest a request may take from admission to its last audio (its deadline)
 * @param maxStreamsPerClient concurrent speech requests per API key (or per client address without keys);
 *                            0 = unlimited
 * @param cacheEnabled        whether completed responses are cached and served again
 * @param cacheMemoryBytes    size cap of the in-memory cache tier
 * @param cacheDiskBytes      size cap of the on-disk cache tier ({@code home/cache/speech}); 0 = no disk tier
 * @param cacheMaxEntryBytes  largest response that is cached
 * @param apiKeys             accepted API keys; empty = the API is open
 * @param corsOrigins         origins allowed by CORS ({@code *} = any); empty = CORS off
 * @param shutdownGrace       how long shutdown waits for in-flight requests to finish
 * @param logTexts            whether request logs may contain input texts (off: length only)
 * @param trustedProxies      reverse proxies whose {@code X-Forwarded-For} is believed; empty = none, the client is
 *                            the connection's peer
 * @param publicCatalog       whether the catalog reads (models and voices lists) are answered without an API key
 *                            when keys are configured; speech always needs one
 * @param adminKeys           API keys that may also change server data (lexicons); with keys on, only these may
 * @param defaultLexicons     pronunciation lexicons applied to requests that name none
 * @param sharedCache         the shared (Redis) cache tier; {@link SharedCacheConfig#none()} = none
 */
public record ServingConfig(Map<String, Integer> workers, int queueLimit, Duration requestTimeout,
                            int maxStreamsPerClient, boolean cacheEnabled, long cacheMemoryBytes, long cacheDiskBytes,
                            long cacheMaxEntryBytes, List<String> apiKeys, List<String> corsOrigins,
                            Duration shutdownGrace, boolean logTexts, List<AddressRange> trustedProxies,
                            boolean publicCatalog, List<String> adminKeys, List<String> defaultLexicons,
                            SharedCacheConfig sharedCache) {
    public static final int DEFAULT_QUEUE_LIMIT = 16;

    public ServingConfig {
        workers = Map.copyOf(workers == null ? Map.of() : workers);
        workers.forEach((engine, n) -> {
            if (n < 1 || n > 256) throw new IllegalArgumentException("workers for " + engine + " must be 1–256: " + n);
        });
        if (queueLimit < 0) throw new IllegalArgumentException("queue limit must not be negative: " + queueLimit);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        }
        if (maxStreamsPerClient < 0) {
            throw new IllegalArgumentException("max streams per client must not be negative: " + maxStreamsPerClient);
        }
        if (cacheMemoryBytes < 0 || cacheDiskBytes < 0 || cacheMaxEntryBytes < 1) {
            throw new IllegalArgumentException("cache sizes must not be negative");
        }
        apiKeys = List.copyOf(apiKeys == null ? List.of() : apiKeys);
        for (String key : apiKeys) {
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("API keys must be non-empty and contain no whitespace");
            }
        }
        corsOrigins = List.copyOf(corsOrigins == null ? List.of() : corsOrigins);
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative: " + shutdownGrace);
        }
        trustedProxies = List.copyOf(trustedProxies == null ? List.of() : trustedProxies);
        adminKeys = List.copyOf(adminKeys == null ? List.of() : adminKeys);
        for (String key : adminKeys) {
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("admin keys must be non-empty and contain no whitespace");
            }
        }
        defaultLexicons = List.copyOf(defaultLexicons == null ? List.of() : defaultLexicons);
        if (sharedCache == null) sharedCache = SharedCacheConfig.none();
    }

    /** The configuration without a public catalog, admin keys, default lexicons or a shared cache tier. */
    public ServingConfig(Map<String, Integer> workers, int queueLimit, Duration requestTimeout,
                         int maxStreamsPerClient, boolean cacheEnabled, long cacheMemoryBytes, long cacheDiskBytes,
                         long cacheMaxEntryBytes, List<String> apiKeys, List<String> corsOrigins,
                         Duration shutdownGrace, boolean logTexts, List<AddressRange> trustedProxies) {
        this(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled, cacheMemoryBytes, cacheDiskBytes,
                cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts, trustedProxies, false, List.of(),
                List.of(), SharedCacheConfig.none());
    }

    /** Whether API keys are required at all (ordinary or admin keys configured). */
    public boolean keysRequired() {
        return !apiKeys.isEmpty() || !adminKeys.isEmpty();
    }

    /** Open API, 16 waiting per engine, 5-minute deadline, 4 streams per client, 64 MB memory + 1 GB disk cache. */
    public static ServingConfig defaults() {
        return new ServingConfig(Map.of(), DEFAULT_QUEUE_LIMIT, Duration.ofMinutes(5), 4, true, 64L << 20, 1L << 30,
                16L << 20, List.of(), List.of(), Duration.ofSeconds(10), false, List.of(), false, List.of(), List.of(),
                SharedCacheConfig.none());
    }

    public ServingConfig withWorkers(Map<String, Integer> newWorkers) {
        return new ServingConfig(newWorkers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withQueueLimit(int limit) {
        return new ServingConfig(workers, limit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withRequestTimeout(Duration timeout) {
        return new ServingConfig(workers, queueLimit, timeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withMaxStreamsPerClient(int max) {
        return new ServingConfig(workers, queueLimit, requestTimeout, max, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withCache(boolean enabled, long memoryBytes, long diskBytes) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, enabled,
                memoryBytes, diskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withApiKeys(List<String> keys) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, keys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withCorsOrigins(List<String> origins) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, origins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withShutdownGrace(Duration grace) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, grace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withTrustedProxies(List<AddressRange> proxies) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                proxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withLogTexts(boolean log) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, log,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withPublicCatalog(boolean open) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, open, adminKeys, defaultLexicons, sharedCache);
    }

    public ServingConfig withAdminKeys(List<String> keys) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, keys, defaultLexicons, sharedCache);
    }

    public ServingConfig withDefaultLexicons(List<String> names) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, names, sharedCache);
    }

    public ServingConfig withSharedCache(SharedCacheConfig shared) {
        return new ServingConfig(workers, queueLimit, requestTimeout, maxStreamsPerClient, cacheEnabled,
                cacheMemoryBytes, cacheDiskBytes, cacheMaxEntryBytes, apiKeys, corsOrigins, shutdownGrace, logTexts,
                trustedProxies, publicCatalog, adminKeys, defaultLexicons, shared);
    }

    /** Splits a comma- or whitespace-separated list of API keys (e.g. {@code HLAS_API_KEYS}); blank means none. */
    public static List<String> parseApiKeys(String spec) {
        if (spec == null || spec.isBlank()) return List.of();
        List<String> keys = new ArrayList<>();
        for (String s : spec.split("[,\\s]+")) if (!s.isBlank()) keys.add(s);
        return keys;
    }

    /** Reads API keys from a file: one per line, blank lines and {@code #} comments ignored. */
    public static List<String> readApiKeys(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) keys.add(s);
        }
        return keys;
    }

    /** Parses {@code piper=2,espeak=1} into a worker map. */
    public static Map<String, Integer> parseWorkers(String spec) {
        if (spec == null || spec.isBlank()) return Map.of();
        Map<String, Integer> map = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("workers must look like 'piper=2,espeak=1': " + spec);
            map.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        return map;
    }
}
