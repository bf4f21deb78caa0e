package dev.hlas.bench;

import dev.hlas.config.HlasConfig;

/** Server configurations shared by the benchmarks. */
final class BenchConfigs {
    private BenchConfigs() {
    }

    /**
     * The response cache off: benchmarks that repeat a request measure synthesis, which a cache hit would skip.
     */
    static HlasConfig withoutCache(HlasConfig config) {
        return config.withServing(config.serving().withCache(false, 0, 0));
    }
}
