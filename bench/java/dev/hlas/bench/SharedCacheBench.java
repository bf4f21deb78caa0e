package dev.hlas.bench;

import dev.hlas.config.SharedCacheConfig;
import dev.hlas.testing.RedisServer;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cache-hit throughput from the memory tier vs the shared Redis tier: one server keeps hits in memory, another has no
 * memory or disk tier, so each of its hits is a Redis GET plus a checksum check. Both serve the same WAV entry over
 * HTTP on loopback with 4 client threads. Usage: {@code bench/run SharedCacheBench [requests]} (default 3000).
 */
public final class SharedCacheBench {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path tmp = Files.createTempDirectory("hlas-shared-bench");
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            SharedCacheConfig shared = SharedCacheConfig.none().withUrl(redis.url());
            TestEngine engineA = new TestEngine("bench", 1);
            TestEngine engineB = new TestEngine("bench", 1);
            try (TestServer memory = TestServer.start(tmp.resolve("a"), s -> s.withSharedCache(shared), engineA);
                 TestServer redisOnly = TestServer.start(tmp.resolve("b"),
                         s -> s.withCache(true, 0, 0).withSharedCache(shared), engineB)) {
                String json = TestServer.speechJson(engineA.voiceId(), "A sentence served again and again.", "wav");
                HttpResponse<byte[]> first = memory.post(json);
                memory.hlas().cache().awaitWrites(Duration.ofSeconds(10));
                System.out.printf("entry: %d bytes%n%n| tier | requests | requests/s | engine calls |%n|---|---|---|---|%n",
                        first.body().length);
                for (int round = 0; round < 2; round++) { // the first round warms up
                    double mem = run(memory, json, requests);
                    double red = run(redisOnly, json, requests);
                    if (round == 1) {
                        System.out.printf("| memory | %d | %.0f | %d |%n", requests, mem, engineA.calls());
                        System.out.printf("| redis | %d | %.0f | %d |%n", requests, red, engineB.calls());
                    }
                }
            }
        }
    }

    private static double run(TestServer server, String json, int requests) throws Exception {
        int threads = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requests / threads; i++) {
                        HttpResponse<byte[]> r = server.post(json);
                        if (r.statusCode() != 200 || !"hit".equals(r.headers().firstValue("X-Cache").orElse(""))) {
                            throw new IllegalStateException("not a hit: " + r.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            return requests / ((System.nanoTime() - start) / 1e9);
        }
    }
}
