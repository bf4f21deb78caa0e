package dev.hlas.cli;

import dev.hlas.config.AddressRange;
import dev.hlas.config.ServingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingOptionsTest {
    @TempDir
    Path dir;

    @Test
    void flags_become_the_serving_config() throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "sk-file\n");
        ServeOptions options = CommandLine.populateCommand(new ServeOptions(), "--workers", "piper=2,espeak=1",
                "--queue-limit", "3", "--request-timeout", "30", "--max-streams-per-client", "0", "--no-cache",
                "--cache-memory-mb", "8", "--cache-disk-mb", "0", "--api-keys", "sk-a,sk-b", "--api-keys-file",
                keys.toString(), "--cors-origins", "http://a.example, http://b.example", "--shutdown-grace", "2",
                "--trusted-proxies", "10.0.0.0/8, ::1", "--port", "9000", "--home", dir.toString());
        ServingConfig s = options.toConfig().serving();
        assertThat(s.workers()).isEqualTo(Map.of("piper", 2, "espeak", 1));
        assertThat(s.queueLimit()).isEqualTo(3);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxStreamsPerClient()).isZero();
        assertThat(s.cacheEnabled()).isFalse();
        assertThat(s.cacheMemoryBytes()).isEqualTo(8L << 20);
        assertThat(s.cacheDiskBytes()).isZero();
        assertThat(s.apiKeys()).containsExactly("sk-a", "sk-b", "sk-file");
        assertThat(s.corsOrigins()).containsExactly("http://a.example", "http://b.example");
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.logTexts()).isFalse();
        assertThat(s.trustedProxies()).containsExactly(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::1"));
        assertThat(options.toConfig().port()).isEqualTo(9000);
        assertThat(options.toConfig().home()).isEqualTo(dir);
    }

    @Test
    void defaults_are_open_cached_and_bounded() {
        ServingConfig s = CommandLine.populateCommand(new ServeOptions()).toConfig().serving();
        assertThat(s.apiKeys()).isEmpty();
        assertThat(s.corsOrigins()).isEmpty();
        assertThat(s.cacheEnabled()).isTrue();
        assertThat(s.queueLimit()).isEqualTo(ServingConfig.DEFAULT_QUEUE_LIMIT);
        assertThat(s.workers()).isEmpty();
        assertThat(s.trustedProxies()).isEmpty();
    }

    @Test
    void the_shared_redis_tier_is_configured_by_url_and_off_by_default() {
        ServingConfig s = CommandLine.populateCommand(new ServeOptions(), "--cache-redis",
                "rediss://hlas:secret@redis.example:6380/2", "--cache-redis-ttl-seconds", "60",
                "--cache-redis-max-entry-mb", "1", "--cache-redis-timeout-ms", "100").toConfig().serving();
        assertThat(s.sharedCache().enabled()).isTrue();
        assertThat(s.sharedCache().url()).isEqualTo(URI.create("rediss://hlas:secret@redis.example:6380/2"));
        assertThat(s.sharedCache().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.sharedCache().maxEntryBytes()).isEqualTo(1L << 20);
        assertThat(s.sharedCache().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(CommandLine.populateCommand(new ServeOptions()).toConfig().serving().sharedCache().enabled())
                .isFalse();
        assertThatThrownBy(() -> CommandLine.populateCommand(new ServeOptions(), "--cache-redis", "http://redis:6379")
                .toConfig()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
        assertThatThrownBy(() -> CommandLine.populateCommand(new ServeOptions(), "--cache-redis", "redis://r",
                "--cache-redis-timeout-ms", "0").toConfig()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void bad_values_are_refused_when_configured() {
        assertThatThrownBy(() -> ServingConfig.defaults().withQueueLimit(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServingConfig.parseWorkers("piper"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServingConfig.defaults().withWorkers(Map.of("piper", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServingConfig.defaults().withApiKeys(List.of("has space")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandLine.populateCommand(new ServeOptions(), "--trusted-proxies", "proxy.local")
                .toConfig()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.local");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
