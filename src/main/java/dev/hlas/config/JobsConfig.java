package dev.hlas.config;

import java.time.Duration;

/**
 * Long-form speech jobs ({@code /v1/audio/speech/jobs}): how large a job may be, how many render at once and how long
 * a finished one is kept.
 *
 * @param maxChars       longest text a job accepts, in characters (all chapters together)
 * @param maxRunning     jobs rendering at the same time; the others wait their turn
 * @param maxPerKey      jobs an API key (or a client without keys) may have queued or running; one more is a 429
 * @param ttl            a finished, failed or cancelled job is deleted this long after it ended
 */
public record JobsConfig(int maxChars, int maxRunning, int maxPerKey, Duration ttl) {
    public static final int DEFAULT_MAX_CHARS = 1_000_000;

    public JobsConfig {
        if (maxChars < 1) throw new IllegalArgumentException("max job chars must be positive: " + maxChars);
        if (maxRunning < 1 || maxRunning > 64) {
            throw new IllegalArgumentException("running jobs must be 1–64: " + maxRunning);
        }
        if (maxPerKey < 1) throw new IllegalArgumentException("jobs per key must be positive: " + maxPerKey);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("job TTL must be positive: " + ttl);
        }
    }

    /** 1,000,000 characters, 2 jobs rendering at once, 8 per key, kept for 24 hours. */
    public static JobsConfig defaults() {
        return new JobsConfig(DEFAULT_MAX_CHARS, 2, 8, Duration.ofHours(24));
    }
}
