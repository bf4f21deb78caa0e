package dev.hlas.cli;

import dev.hlas.config.AddressRange;
import dev.hlas.config.ConsoleConfig;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.JobsConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.config.SharedCacheConfig;
import dev.hlas.config.WyomingConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How the HTTP server listens, admits, caches, authenticates and shuts down: only for {@code serve}. */
final class ServerOptions {
    @Option(names = "--host", defaultValue = "${env:HLAS_HOST:-0.0.0.0}", description = "Address to listen on (HLAS_HOST).")
    String host;

    @Option(names = "--port", defaultValue = "${env:HLAS_PORT:-8000}", description = "TCP port (HLAS_PORT).")
    int port;

    @Option(names = "--max-input-chars", defaultValue = "${env:HLAS_MAX_INPUT_CHARS:-4096}",
            description = "Longest accepted input in characters (HLAS_MAX_INPUT_CHARS).")
    int maxInputChars;

    @Option(names = "--max-job-chars", defaultValue = "${env:HLAS_MAX_JOB_CHARS:-1000000}",
            description = "Longest text a long-form job accepts, in characters (HLAS_MAX_JOB_CHARS).")
    int maxJobChars;

    @Option(names = "--max-jobs", defaultValue = "${env:HLAS_MAX_JOBS:-2}",
            description = "Long-form jobs rendering at once; the others wait (HLAS_MAX_JOBS).")
    int maxJobs;

    @Option(names = "--max-jobs-per-key", defaultValue = "${env:HLAS_MAX_JOBS_PER_KEY:-8}",
            description = "Jobs one API key (or client) may have waiting or running (HLAS_MAX_JOBS_PER_KEY).")
    int maxJobsPerKey;

    @Option(names = "--job-ttl", defaultValue = "${env:HLAS_JOB_TTL:-24}",
            description = "Hours a finished job's audio is kept before it is deleted (HLAS_JOB_TTL).")
    int jobTtlHours;

    @Option(names = "--workers", defaultValue = "${env:HLAS_WORKERS}",
            description = "Worker threads per engine, e.g. piper=2,espeak=1 (HLAS_WORKERS); default: each engine's own.")
    String workers;

    @Option(names = "--queue-limit", defaultValue = "${env:HLAS_QUEUE_LIMIT:-16}",
            description = "Requests that may wait per engine before 429 (HLAS_QUEUE_LIMIT).")
    int queueLimit;

    @Option(names = "--request-timeout", defaultValue = "${env:HLAS_REQUEST_TIMEOUT:-300}",
            description = "Deadline of a speech request in seconds (HLAS_REQUEST_TIMEOUT).")
    int requestTimeoutSeconds;

    @Option(names = "--max-streams-per-client", defaultValue = "${env:HLAS_MAX_STREAMS_PER_CLIENT:-4}",
            description = "Concurrent speech requests per API key or client address; 0 = unlimited "
                    + "(HLAS_MAX_STREAMS_PER_CLIENT).")
    int maxStreamsPerClient;

    @Option(names = "--trusted-proxies", defaultValue = "${env:HLAS_TRUSTED_PROXIES}",
            description = "Reverse proxies whose X-Forwarded-For names the client, comma-separated addresses or "
                    + "CIDR blocks (HLAS_TRUSTED_PROXIES); default: none, the client is the connection's peer.")
    String trustedProxies;

    @Option(names = "--cache", negatable = true, defaultValue = "${env:HLAS_CACHE:-true}", fallbackValue = "true",
            description = "Cache completed responses (HLAS_CACHE).")
    boolean cache;

    @Option(names = "--cache-memory-mb", defaultValue = "${env:HLAS_CACHE_MEMORY_MB:-64}",
            description = "Memory cache size cap in MB (HLAS_CACHE_MEMORY_MB).")
    long cacheMemoryMb;

    @Option(names = "--cache-disk-mb", defaultValue = "${env:HLAS_CACHE_DISK_MB:-1024}",
            description = "Disk cache size cap in MB under HOME/cache; 0 = none (HLAS_CACHE_DISK_MB).")
    long cacheDiskMb;

    @Option(names = "--cache-redis", defaultValue = "${env:HLAS_CACHE_REDIS}",
            description = "Shared cache tier on Redis, redis://[user:password@]host:6379/0 (rediss:// for TLS), "
                    + "used by every replica (HLAS_CACHE_REDIS); default: none.")
    String cacheRedis;

    @Option(names = "--cache-redis-ttl-seconds", defaultValue = "${env:HLAS_CACHE_REDIS_TTL_SECONDS:-86400}",
            description = "How long an entry lives in Redis (HLAS_CACHE_REDIS_TTL_SECONDS).")
    long cacheRedisTtlSeconds;

    @Option(names = "--cache-redis-max-entry-mb", defaultValue = "${env:HLAS_CACHE_REDIS_MAX_ENTRY_MB:-4}",
            description = "Largest response stored in Redis, in MB (HLAS_CACHE_REDIS_MAX_ENTRY_MB).")
    long cacheRedisMaxEntryMb;

    @Option(names = "--cache-redis-timeout-ms", defaultValue = "${env:HLAS_CACHE_REDIS_TIMEOUT_MS:-250}",
            description = "Longest a Redis connect or command may take before the request goes on without it "
                    + "(HLAS_CACHE_REDIS_TIMEOUT_MS).")
    long cacheRedisTimeoutMs;

    @Option(names = "--api-keys", defaultValue = "${env:HLAS_API_KEYS}",
            description = "Accepted API keys, comma-separated (HLAS_API_KEYS); none = open API.")
    String apiKeys;

    @Option(names = "--api-keys-file", defaultValue = "${env:HLAS_API_KEYS_FILE}",
            description = "File with one API key per line (HLAS_API_KEYS_FILE).")
    Path apiKeysFile;

    @Option(names = "--public-catalog", defaultValue = "${env:HLAS_PUBLIC_CATALOG:-false}",
            description = "With API keys: answer the models and voices lists without a key (HLAS_PUBLIC_CATALOG); "
                    + "speech still needs one.")
    boolean publicCatalog;
    @Option(names = "--admin-keys", defaultValue = "${env:HLAS_ADMIN_KEYS}",
            description = "API keys that may also change server data (lexicons, voice downloads from the console), "
                    + "comma-separated (HLAS_ADMIN_KEYS); accepted as API keys too. With keys on, only these may.")
    String adminKeys;

    @Option(names = "--default-lexicons", defaultValue = "${env:HLAS_DEFAULT_LEXICONS}",
            description = "Pronunciation lexicons applied to requests that name none, comma-separated "
                    + "(HLAS_DEFAULT_LEXICONS).")
    String defaultLexicons;

    @Option(names = "--cors-origins", defaultValue = "${env:HLAS_CORS_ORIGINS}",
            description = "Origins allowed by CORS, comma-separated, or * (HLAS_CORS_ORIGINS); default: CORS off.")
    String corsOrigins;

    @Option(names = "--shutdown-grace", defaultValue = "${env:HLAS_SHUTDOWN_GRACE:-10}",
            description = "Seconds shutdown waits for in-flight requests (HLAS_SHUTDOWN_GRACE).")
    int shutdownGraceSeconds;

    @Option(names = "--log-texts", defaultValue = "${env:HLAS_LOG_TEXTS:-false}",
            description = "Write input texts into request logs (HLAS_LOG_TEXTS); default: lengths only.")
    boolean logTexts;

    @Option(names = "--ui", negatable = true, defaultValue = "${env:HLAS_UI:-true}", fallbackValue = "true",
            description = "Serve the web console at / and ReDoc at /redoc (HLAS_UI); --no-ui leaves only the API.")
    boolean ui;

    @Option(names = "--recent-requests", defaultValue = "${env:HLAS_RECENT_REQUESTS:-100}",
            description = "Speech requests kept for /metrics/recent and the observatory, 10–10000 "
                    + "(HLAS_RECENT_REQUESTS).")
    int recentRequests;

    @Option(names = "--wyoming-port", defaultValue = "${env:HLAS_WYOMING_PORT:--1}",
            description = "Also serve the Wyoming protocol (Home Assistant) on this TCP port, e.g. 10200 "
                    + "(HLAS_WYOMING_PORT); default: off.")
    int wyomingPort;

    @Option(names = "--wyoming-host", defaultValue = "${env:HLAS_WYOMING_HOST}",
            description = "Address the Wyoming server listens on (HLAS_WYOMING_HOST); default: --host.")
    String wyomingHost;

    @Option(names = "--wyoming-speeds", defaultValue = "${env:HLAS_WYOMING_SPEEDS:-0.9,1.1,1.2}",
            description = "Speed variants offered as extra Wyoming voices <voice>@<speed> (HLAS_WYOMING_SPEEDS); "
                    + "empty for none.")
    String wyomingSpeeds;

    @Option(names = "--zeroconf", negatable = true, defaultValue = "${env:HLAS_ZEROCONF:-true}",
            fallbackValue = "true", description = "Announce the Wyoming server over mDNS for Home Assistant "
                    + "(HLAS_ZEROCONF); --no-zeroconf to stay silent.")
    boolean zeroconf;

    /** {@code base} listening and serving as configured here. */
    HlasConfig applyTo(HlasConfig base) {
        return base.withHost(host).withPort(port).withMaxInputChars(maxInputChars).withServing(serving())
                .withConsole(new ConsoleConfig(ui, recentRequests))
                .withWyoming(WyomingConfig.off().withPort(wyomingPort).withHost(wyomingHost)
                        .withSpeeds(WyomingConfig.parseSpeeds(wyomingSpeeds)).withZeroconf(zeroconf))
                .withJobs(new JobsConfig(maxJobChars, maxJobs, maxJobsPerKey, Duration.ofHours(jobTtlHours)));
    }

    private ServingConfig serving() {
        List<String> keys = new ArrayList<>(ServingConfig.parseApiKeys(apiKeys));
        if (apiKeysFile != null) {
            try {
                keys.addAll(ServingConfig.readApiKeys(apiKeysFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read API keys file " + apiKeysFile, e);
            }
        }
        ServingConfig d = ServingConfig.defaults();
        List<String> origins = corsOrigins == null || corsOrigins.isBlank() ? List.of()
                : List.of(corsOrigins.trim().split("\\s*,\\s*"));
        return new ServingConfig(ServingConfig.parseWorkers(workers), queueLimit,
                Duration.ofSeconds(requestTimeoutSeconds), maxStreamsPerClient, cache, cacheMemoryMb << 20,
                cacheDiskMb << 20, d.cacheMaxEntryBytes(), keys, origins, Duration.ofSeconds(shutdownGraceSeconds),
                logTexts, AddressRange.parseList(trustedProxies), publicCatalog, ServingConfig.parseApiKeys(adminKeys),
                ServingConfig.parseApiKeys(defaultLexicons), sharedCache());
    }

    private SharedCacheConfig sharedCache() {
        SharedCacheConfig none = SharedCacheConfig.none();
        URI url = cacheRedis == null || cacheRedis.isBlank() ? null : URI.create(cacheRedis.trim());
        return new SharedCacheConfig(url, Duration.ofMillis(cacheRedisTimeoutMs),
                Duration.ofSeconds(cacheRedisTtlSeconds), cacheRedisMaxEntryMb << 20, none.retryAfter());
    }
}
