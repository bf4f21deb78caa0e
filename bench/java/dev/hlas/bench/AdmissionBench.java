package dev.hlas.bench;

import dev.hlas.speech.EngineScheduler;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How fast a full engine says no: the time from sending a speech request to having its whole 429 response, while
 * the engine's one worker is held and its queue is full, next to {@code GET /health} on the same server and client
 * (the floor of any request). Loopback, JDK HttpClient over HTTP/1.1 with a warm connection, a synthetic engine.
 *
 * <p>Usage: {@code bench/run AdmissionBench [requests]} (default 300 of each, after 50 of each to warm up).
 */
public final class AdmissionBench {
    private static final int QUEUE = 3;

    private AdmissionBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path home = Files.createTempDirectory("hlas-bench-admission");
        TestEngine engine = new TestEngine("slow", 1).chunks(2, 0.1);
        try (TestServer server = TestServer.start(home, s -> s.withWorkers(Map.of("slow", 1)).withQueueLimit(QUEUE)
                .withMaxStreamsPerClient(0), engine)) {
            engine.hold();
            List<CompletableFuture<HttpResponse<byte[]>>> admitted = new ArrayList<>();
            for (int i = 0; i < QUEUE + 1; i++) {
                admitted.add(server.http().sendAsync(server.speechRequest(TestServer.speechJson(engine.voiceId(),
                        "Held sentence " + i + ".", "wav")).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            Await.until("worker and queue full", () -> load(server).admitted() == QUEUE + 1);

            HttpRequest refused = server.speechRequest(TestServer.speechJson(engine.voiceId(), "One too many.", "wav"))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(server.uri("/health")).GET().build();
            measure(server, refused, 429, 50);
            measure(server, health, 200, 50);
            double[] no = measure(server, refused, 429, requests);
            double[] floor = measure(server, health, 200, requests);

            System.out.printf("## AdmissionBench — %d cores, %d requests each, worker held, queue %d/%d%n%n",
                    Runtime.getRuntime().availableProcessors(), requests, QUEUE, QUEUE);
            System.out.println("| request | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|");
            row("POST /v1/audio/speech → 429", no);
            row("GET /health → 200", floor);
            System.out.printf(Locale.ROOT, "%nratio of medians (429 / health): %.2f%n", no[no.length / 2]
                    / floor[floor.length / 2]);
            engine.release();
            for (CompletableFuture<HttpResponse<byte[]>> f : admitted) f.get();
        }
    }

    /** Sequential requests; each time is send-to-whole-body, in ms, sorted. */
    private static double[] measure(TestServer server, HttpRequest request, int status, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = server.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (r.statusCode() != status) {
                throw new IllegalStateException("expected " + status + ", got " + r.statusCode());
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void row(String name, double[] ms) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", name, ms[ms.length / 2],
                ms[(int) Math.ceil(ms.length * 0.95) - 1], ms[ms.length - 1]);
    }

    private static EngineScheduler.EngineLoad load(TestServer server) {
        EngineScheduler.EngineLoad l = server.hlas().speech().scheduler().load().get("slow");
        return l == null ? new EngineScheduler.EngineLoad("slow", 0, 0, 0, 0, 0, 0) : l;
    }
}
