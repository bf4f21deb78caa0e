package dev.hlas.config;

import java.net.URI;
import java.time.Duration;

/**
 * The shared (Redis) cache tier that replicas behind one load balancer use together.
 *
 * @param url           {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS); null = no shared
 *                      tier
 * @param timeout       longest a connect or a Redis command may take before the request goes on without it
 * @param ttl           how long an entry lives in Redis
 * @param maxEntryBytes largest encoded response stored in Redis
 * @param retryAfter    how long Redis is left alone after repeated failures before one request tries it again
 */
public record SharedCacheConfig(URI url, Duration timeout, Duration ttl, long maxEntryBytes, Duration retryAfter) {
    public SharedCacheConfig {
        if (url != null) {
            String scheme = url.getScheme();
            if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme) || url.getHost() == null) {
                throw new IllegalArgumentException("the shared cache needs a redis:// or rediss:// URL with a host: "
                        + url);
            }
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Redis timeout must be positive: " + timeout);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("Redis TTL must be positive: " + ttl);
        }
        if (maxEntryBytes < 1) throw new IllegalArgumentException("Redis entry cap must be positive: " + maxEntryBytes);
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("Redis retry interval must not be negative: " + retryAfter);
        }
    }

    /** No shared tier; 250 ms timeout, 1-day TTL, 4 MB entries, 5 s between probes once one is configured. */
    public static SharedCacheConfig none() {
        return new SharedCacheConfig(null, Duration.ofMillis(250), Duration.ofDays(1), 4L << 20, Duration.ofSeconds(5));
    }

    public boolean enabled() {
        return url != null;
    }

    public SharedCacheConfig withUrl(URI newUrl) {
        return new SharedCacheConfig(newUrl, timeout, ttl, maxEntryBytes, retryAfter);
    }

    public SharedCacheConfig withRetryAfter(Duration retry) {
        return new SharedCacheConfig(url, timeout, ttl, maxEntryBytes, retry);
    }
}
