package dev.hlas.response;

import java.util.Locale;

/** How the cache took part in a response. */
public enum CacheStatus {
    /** Served from the cache, no engine touched. */
    HIT,
    /** Synthesized, and stored when complete. */
    MISS,
    /** Synthesized without looking at the cache (cache off, or the client opted out). */
    BYPASS;

    /** The lower-case name transports show ({@code X-Cache: hit}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
