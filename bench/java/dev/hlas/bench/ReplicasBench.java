package dev.hlas.bench;

import dev.hlas.testing.HlasProcess;
import dev.hlas.testing.Nginx;
import dev.hlas.testing.RedisServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scale-out on one machine: cache-hit throughput of one replica vs three behind nginx, and the synthesis that a
 * shared Redis tier saves. Three {@code hlas serve} processes (espeak-ng, shared {@code redis-server}) and two nginx
 * instances, one balancing over the first replica only and one over all three, plus the first replica directly
 * (no proxy). Each measured round sends {@code requests} mp3 requests for 20 texts already cached, from 8 client
 * threads; rounds alternate between the set-ups and the median of 3 is reported. Then 30 new texts go through the
 * three-replica nginx three times each and the {@code X-Cache} headers are counted. Usage:
 * {@code bench/run ReplicasBench [requests]} (default 2000). Needs nginx and redis-server (Debian packages).
 */
public final class ReplicasBench {
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path tmp = Files.createTempDirectory("hlas-replicas-bench");
        List<HlasProcess> replicas = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            for (String name : List.of("a", "b", "c")) {
                replicas.add(HlasProcess.create(name, tmp, "--cache-redis", redis.url().toString(), "--no-ws",
                        "--max-streams-per-client", "0", "--cache-redis-timeout-ms", "2000"));
            }
            for (HlasProcess r : replicas) r.start();
            for (HlasProcess r : replicas) r.awaitReady();
            try (Nginx one = Nginx.start(tmp.resolve("nginx1"), List.of(replicas.getFirst().port()));
                 Nginx three = Nginx.start(tmp.resolve("nginx3"), replicas.stream().map(HlasProcess::port).toList())) {
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < 20; i++) texts.add("Cached sentence number " + i + " for the replica benchmark.");
                for (String text : texts) { // synthesized once, then in every replica's memory
                    for (HlasProcess r : replicas) post(r.uri("/v1/audio/speech"), text);
                }
                Map<String, List<Double>> rates = new HashMap<>();
                Map<String, URI> setups = new LinkedHashMap<>();
                setups.put("1 replica, direct", replicas.getFirst().uri("/v1/audio/speech"));
                setups.put("1 replica behind nginx", one.uri("/v1/audio/speech"));
                setups.put("3 replicas behind nginx", three.uri("/v1/audio/speech"));
                for (int round = 0; round < 4; round++) { // round 0 warms up
                    for (var setup : setups.entrySet()) {
                        double rate = run(setup.getValue(), texts, requests);
                        if (round > 0) rates.computeIfAbsent(setup.getKey(), k -> new ArrayList<>()).add(rate);
                    }
                }
                System.out.printf("%n| set-up | requests per round | cache hits/s (median of 3) | rounds |%n|---|---|---|---|%n");
                for (String name : setups.keySet()) {
                    List<Double> r = rates.get(name).stream().sorted().toList();
                    System.out.printf("| %s | %d | %.0f | %s |%n", name, requests, r.get(1),
                            r.stream().map(x -> String.format("%.0f", x)).toList());
                }
                Map<String, Integer> cache = new HashMap<>();
                for (int i = 0; i < 30; i++) {
                    String text = "New sentence number " + i + ", spoken once and heard three times.";
                    for (int k = 0; k < 3; k++) {
                        cache.merge(post(three.uri("/v1/audio/speech"), text).headers().firstValue("X-Cache")
                                .orElse("?"), 1, Integer::sum);
                    }
                }
                System.out.printf("%n90 requests for 30 new texts through 3 replicas: %s (without the shared tier every"
                        + " replica would synthesize each text it sees: up to 90)%n", cache);
            }
        } finally {
            for (HlasProcess r : replicas) r.close();
        }
    }

    private static HttpResponse<byte[]> post(URI uri, String text) throws Exception {
        String json = "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"lang\":\"en\",\"input\":\"" + text + "\"}";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + new String(r.body()));
        return r;
    }

    private static double run(URI uri, List<String> texts, int requests) throws Exception {
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requests / threads; i++) {
                        HttpResponse<byte[]> r = post(uri, texts.get((offset + i) % texts.size()));
                        if (!"hit".equals(r.headers().firstValue("X-Cache").orElse(""))) {
                            throw new IllegalStateException("not a hit");
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
