package dev.hlas.config;


/**
 * The web console and its observatory. Part of {@link HlasConfig}; validated here.
 *
 * @param ui             whether {@code /} (the console), its assets and {@code /redoc} are served; the API is served
 *                       either way (who may use its admin routes is {@link ServingConfig#adminKeys})
 * @param recentRequests depth of the ring of recent speech requests behind {@code /metrics/recent} and the
 *                       percentiles of {@code /metrics/summary} (10–10000)
 */
public record ConsoleConfig(boolean ui, int recentRequests) {
    public static final int DEFAULT_RECENT_REQUESTS = 100;

    public ConsoleConfig {
        if (recentRequests < 10 || recentRequests > 10_000) {
            throw new IllegalArgumentException("recent requests must be 10–10000: " + recentRequests);
        }
    }

    /** Console on, 100 recent requests. */
    public static ConsoleConfig defaults() {
        return new ConsoleConfig(true, DEFAULT_RECENT_REQUESTS);
    }

    public ConsoleConfig withUi(boolean enabled) {
        return new ConsoleConfig(enabled, recentRequests);
    }

    public ConsoleConfig withRecentRequests(int depth) {
        return new ConsoleConfig(ui, depth);
    }
}
