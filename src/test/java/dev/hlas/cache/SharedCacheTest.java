package dev.hlas.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.config.SharedCacheConfig;
import dev.hlas.testing.Await;
import dev.hlas.testing.RedisServer;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Redis tier with a real {@code redis-server}: two servers with their own homes (so their memory and disk
 * tiers are separate) stand for two replicas behind a load balancer.
 */
class SharedCacheTest {
    @TempDir
    Path tmp;
    private RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(tmp.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        if (redis != null) redis.close();
    }

    private TestServer replica(String name, URI redisUrl, TestEngine engine) {
        return replica(name, redisUrl, engine, Duration.ofMillis(100));
    }

    private TestServer replica(String name, URI redisUrl, TestEngine engine, Duration retryAfter) {
        SharedCacheConfig shared = SharedCacheConfig.none().withUrl(redisUrl).withRetryAfter(retryAfter);
        TestServer server = TestServer.start(tmp.resolve(name), s -> s.withSharedCache(shared), engine);
        open.add(server);
        return server;
    }

    private static RedisTier shared(TestServer server) {
        return server.hlas().cache().shared().orElseThrow();
    }

    private static void awaitWrites(TestServer server) throws InterruptedException {
        assertThat(server.hlas().cache().awaitWrites(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void a_response_synthesized_on_one_replica_is_a_byte_identical_hit_on_another() throws Exception {
        TestEngine engineA = new TestEngine("shared", 1);
        TestEngine engineB = new TestEngine("shared", 1);
        TestServer a = replica("a", redis.url(), engineA);
        TestServer b = replica("b", redis.url(), engineB);
        for (String format : List.of("wav", "pcm")) {
            String json = TestServer.speechJson(engineA.voiceId(), "Shared work. Done once.", format);
            HttpResponse<byte[]> miss = a.post(json);
            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(miss.headers().firstValue("X-Cache")).hasValue("miss");
            awaitWrites(a);

            HttpResponse<byte[]> hit = b.post(json);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(same(hit.body(), miss.body())).as("byte-identical").isTrue();
            assertThat(hit.headers().firstValue("Content-Type")).isEqualTo(miss.headers().firstValue("Content-Type"));
        }
        String sse = "{\"model\":\"tts-1\",\"voice\":\"" + engineA.voiceId() + "\",\"input\":\"Streamed once.\","
                + "\"language\":\"en\",\"response_format\":\"pcm\",\"stream_format\":\"sse\"}";
        HttpResponse<byte[]> sseMiss = a.post(sse);
        assertThat(sseMiss.headers().firstValue("X-Cache")).hasValue("miss");
        awaitWrites(a);
        HttpResponse<byte[]> sseHit = b.post(sse);
        assertThat(sseHit.headers().firstValue("X-Cache")).hasValue("hit");
        // SSE replays the stored audio in its own event framing: the audio, not the framing, is identical
        assertThat(same(sseAudio(sseHit.body()), sseAudio(sseMiss.body()))).isTrue();

        assertThat(engineB.calls()).isZero();
        assertThat(shared(b).stats().hits()).isEqualTo(3);
        assertThat(b.get("/metrics").body()).contains("hlas_cache_shared_available 1.0")
                .containsPattern("hlas_cache_lookups_total\\{result=\"redis_hit\"} 3.0");
    }

    @Test
    void concurrent_identical_misses_on_two_replicas_synthesize_once() throws Exception {
        TestEngine engineA = new TestEngine("once", 1);
        TestEngine engineB = new TestEngine("once", 1);
        TestServer a = replica("a", redis.url(), engineA);
        TestServer b = replica("b", redis.url(), engineB);
        String json = TestServer.speechJson(engineA.voiceId(), "Only one of us speaks.", "wav");
        engineA.hold();
        engineB.hold();
        try {
            CompletableFuture<HttpResponse<byte[]>> first = a.http().sendAsync(a.speechRequest(json).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Await.until("one replica synthesizes", () -> engineA.running() + engineB.running() == 1);
            CompletableFuture<HttpResponse<byte[]>> second = b.http().sendAsync(b.speechRequest(json).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Await.until("the other waits for its entry", () -> shared(b).stats().waits() == 1);
            engineA.release();
            engineB.release();
            HttpResponse<byte[]> one = first.get();
            HttpResponse<byte[]> two = second.get();
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(two.statusCode()).isEqualTo(200);
            assertThat(one.headers().firstValue("X-Cache")).hasValue("miss");
            assertThat(two.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(same(one.body(), two.body())).as("byte-identical").isTrue();
            assertThat(engineB.calls()).isZero();
            assertThat(engineA.calls()).isEqualTo(1);
            assertThat(shared(b).stats().waitedHits()).isEqualTo(1);
            assertThat(b.get("/metrics").body()).contains("hlas_cache_shared_waited_hits_total 1.0");
        } finally {
            engineA.release();
            engineB.release();
        }
    }

    @Test
    void redis_killed_mid_run_never_fails_a_request_and_the_tier_comes_back_after_a_restart() throws Exception {
        TestEngine engineA = new TestEngine("outage", 1);
        TestEngine engineB = new TestEngine("outage", 1);
        TestServer a = replica("a", redis.url(), engineA);
        TestServer b = replica("b", redis.url(), engineB);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Integer> statuses = new ArrayList<>();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            int i = 0;
            try {
                while (running.get()) {
                    TestServer target = i % 2 == 0 ? a : b;
                    int status = target.post(TestServer.speechJson(engineA.voiceId(), "Load number " + i + ".",
                            "wav")).statusCode();
                    synchronized (statuses) {
                        statuses.add(status);
                    }
                    i++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("requests before the outage", () -> count(statuses) >= 10);
        redis.kill();
        int atKill = count(statuses);
        Await.until("both replicas notice the outage", () -> !shared(a).available() && !shared(b).available());
        Await.until("requests during the outage", () -> count(statuses) >= atKill + 20);
        running.set(false);
        load.get();
        synchronized (statuses) {
            assertThat(Set.copyOf(statuses)).containsOnly(200);
        }
        assertThat(a.get("/metrics").body()).contains("hlas_cache_shared_available 0.0");

        redis.restart();
        int[] n = {0};
        Await.until("the shared tier is used again", () -> {
            assertThat(a.post(TestServer.speechJson(engineA.voiceId(), "Probe " + n[0]++ + ".", "wav"))
                    .statusCode()).isEqualTo(200);
            return shared(a).available();
        });
        String json = TestServer.speechJson(engineA.voiceId(), "After the restart.", "wav");
        HttpResponse<byte[]> miss = a.post(json);
        assertThat(miss.headers().firstValue("X-Cache")).hasValue("miss");
        awaitWrites(a);
        int callsB = engineB.calls();
        HttpResponse<byte[]> hit = b.post(json);
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(same(hit.body(), miss.body())).as("byte-identical").isTrue();
        assertThat(engineB.calls()).isEqualTo(callsB);
        assertThat(shared(b).available()).isTrue();
    }

    private static boolean same(byte[] x, byte[] y) {
        return x != null && y != null && x.length > 0 && Arrays.equals(x, y);
    }

    /** The concatenated audio of an SSE body's delta events. */
    private static byte[] sseAudio(byte[] body) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("data: ")) continue;
            JsonNode audio = mapper.readTree(line.substring(6)).get("audio");
            if (audio != null) out.write(Base64.getDecoder().decode(audio.asText()));
        }
        return out.toByteArray();
    }

    private static int count(List<Integer> statuses) {
        synchronized (statuses) {
            return statuses.size();
        }
    }

    @Test
    void a_corrupted_redis_entry_is_detected_and_re_synthesized_never_served() throws Exception {
        TestEngine engineA = new TestEngine("damage", 1);
        TestEngine engineB = new TestEngine("damage", 1);
        TestServer a = replica("a", redis.url(), engineA);
        TestServer b = replica("b", redis.url(), engineB);
        String json = TestServer.speechJson(engineA.voiceId(), "Fragile words.", "wav");
        HttpResponse<byte[]> first = a.post(json);
        awaitWrites(a);

        byte[] name;
        byte[] good;
        try (RedisClient client = RedisClient.create(redis.url())) {
            Set<String> keys = client.keys("hlas:speech:*");
            assertThat(keys).hasSize(1);
            name = keys.iterator().next().getBytes(StandardCharsets.US_ASCII);
            good = client.get(name);
            byte[] bad = good.clone();
            bad[bad.length - 1] ^= 0x01; // one flipped bit in the audio
            client.set(name, bad);
        }

        HttpResponse<byte[]> again = b.post(json);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Cache")).hasValue("miss");
        assertThat(same(again.body(), first.body())).as("byte-identical").isTrue();
        assertThat(engineB.calls()).isPositive();
        assertThat(shared(b).stats().corrupt()).isEqualTo(1);
        awaitWrites(b);
        try (RedisClient client = RedisClient.create(redis.url())) {
            assertThat(same(client.get(name), good)).isTrue(); // the re-synthesized response replaced the damaged one
        }
    }

    @Test
    void a_redis_that_never_answers_costs_a_bounded_wait_then_the_breaker_stops_asking() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0)) { // accepts connections (backlog), never replies
            TestEngine engine = new TestEngine("silent", 1);
            TestServer a = replica("a", URI.create("redis://127.0.0.1:" + blackHole.getLocalPort()), engine,
                    Duration.ofHours(1));
            for (int i = 0; i < 8; i++) {
                HttpResponse<byte[]> r = a.post(TestServer.speechJson(engine.voiceId(), "Silent " + i + ".", "wav"));
                assertThat(r.statusCode()).isEqualTo(200);
                awaitWrites(a);
            }
            RedisTier tier = shared(a);
            assertThat(tier.available()).isFalse();
            // 16 lookups and stores, but the breaker opened after FAILURES_TO_OPEN timeouts and stopped asking (one
            // more may have been in flight when it opened)
            assertThat(tier.stats().errors()).isBetween((long) RedisTier.FAILURES_TO_OPEN,
                    RedisTier.FAILURES_TO_OPEN + 1L);
            assertThat(tier.stats().hits()).isZero();
        }
    }
}
