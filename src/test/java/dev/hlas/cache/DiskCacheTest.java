package dev.hlas.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiskCacheTest {
    @TempDir
    Path dir;

    private static CacheKey key(int i) {
        return new CacheKey(CacheKey.sha256("entry " + i));
    }

    private static CachedResponse response(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) body[i] = (byte) i;
        return new CachedResponse("audio/wav", Map.of("X-Sample-Rate", "22050"), 1.5, body);
    }

    @Test
    void entries_round_trip_and_survive_a_restart() throws Exception {
        DiskCache cache = new DiskCache(dir, 1 << 20);
        cache.put(key(1), response(1000));
        CachedResponse back = cache.get(key(1)).orElseThrow();
        assertThat(back.body()).isEqualTo(response(1000).body());
        assertThat(back.headers()).containsEntry("X-Sample-Rate", "22050");
        assertThat(back.audioSeconds()).isEqualTo(1.5);

        DiskCache reopened = new DiskCache(dir, 1 << 20);
        assertThat(reopened.entries()).isEqualTo(1);
        assertThat(reopened.get(key(1))).isPresent();
    }

    @Test
    void the_least_recently_used_entries_go_first_when_over_the_cap() throws Exception {
        int entry = DiskCache.encode(key(0), response(1000)).length;
        DiskCache cache = new DiskCache(dir, 3L * entry);
        cache.put(key(1), response(1000));
        cache.put(key(2), response(1000));
        cache.put(key(3), response(1000));
        assertThat(cache.get(key(1))).isPresent(); // 2 is now the least recently used
        cache.put(key(4), response(1000));
        assertThat(cache.entries()).isEqualTo(3);
        assertThat(cache.bytes()).isLessThanOrEqualTo(3L * entry);
        assertThat(cache.get(key(2))).isEmpty();
        assertThat(Files.exists(cache.file(key(2)))).isFalse();
        assertThat(cache.get(key(1))).isPresent();
        assertThat(cache.get(key(3))).isPresent();
        assertThat(cache.get(key(4))).isPresent();
    }

    @Test
    void leftover_temporary_files_of_an_interrupted_write_are_removed_and_never_served() throws Exception {
        DiskCache cache = new DiskCache(dir, 1 << 20);
        cache.put(key(1), response(500));
        Path file = cache.file(key(1));
        byte[] whole = Files.readAllBytes(file);
        Files.delete(file);
        Path tmp = file.resolveSibling(key(1).hex() + ".7.123.tmp");
        Files.write(tmp, Arrays.copyOf(whole, whole.length / 2));

        DiskCache reopened = new DiskCache(dir, 1 << 20);
        assertThat(Files.exists(tmp)).isFalse();
        assertThat(reopened.get(key(1))).isEmpty();
    }

    @Test
    void an_entry_renamed_to_another_key_is_rejected() throws Exception {
        DiskCache cache = new DiskCache(dir, 1 << 20);
        cache.put(key(1), response(100));
        Files.createDirectories(cache.file(key(2)).getParent());
        Files.copy(cache.file(key(1)), cache.file(key(2)));
        DiskCache reopened = new DiskCache(dir, 1 << 20);
        assertThat(reopened.get(key(2))).isEmpty();
        assertThat(reopened.corrupt()).isEqualTo(1);
    }
}
