package dev.hlas.config;

import java.util.List;

/**
 * The web console and its observatory. Part of {@link HlasConfig}; validated here.
 *
 * @param ui             whether {@code /} (the console), its assets and {@code /redoc} are served; the API is served
 *                       either way
 * @param adminKeys      keys that may use {@code /v1/admin/*} (voice downloads); they are accepted as API keys too,
 *                       so setting any turns authentication on. With no keys at all the admin routes are open, like
 *                       the rest of the API
 * @param recentRequests depth of the ring of recent speech requests behind {@code /metrics/recent} and the
 *                       percentiles of {@code /metrics/summary} (10–10000)
 */
public record ConsoleConfig(boolean ui, List<String> adminKeys, int recentRequests) {
    public static final int DEFAULT_RECENT_REQUESTS = 100;

    public ConsoleConfig {
        adminKeys = List.copyOf(adminKeys == null ? List.of() : adminKeys);
        for (String key : adminKeys) {
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("admin keys must be non-empty and contain no whitespace");
            }
        }
        if (recentRequests < 10 || recentRequests > 10_000) {
            throw new IllegalArgumentException("recent requests must be 10–10000: " + recentRequests);
        }
    }

    /** Console on, no admin keys, 100 recent requests. */
    public static ConsoleConfig defaults() {
        return new ConsoleConfig(true, List.of(), DEFAULT_RECENT_REQUESTS);
    }

    public ConsoleConfig withUi(boolean enabled) {
        return new ConsoleConfig(enabled, adminKeys, recentRequests);
    }

    public ConsoleConfig withAdminKeys(List<String> keys) {
        return new ConsoleConfig(ui, keys, recentRequests);
    }

    public ConsoleConfig withRecentRequests(int depth) {
        return new ConsoleConfig(ui, adminKeys, depth);
    }
}
