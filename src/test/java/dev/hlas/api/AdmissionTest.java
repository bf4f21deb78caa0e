package dev.hlas.api;

import dev.hlas.speech.EngineScheduler;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {
    @TempDir
    Path home;

    @Test
    void the_request_beyond_pool_and_queue_is_refused_at_once_while_the_others_complete() throws Exception {
        int queue = 3;
        TestEngine engine = new TestEngine("slow", 1).chunks(2, 0.1);
        try (TestServer server = TestServer.start(home, s -> s.withWorkers(Map.of("slow", 1)).withQueueLimit(queue)
                .withMaxStreamsPerClient(0), engine)) {
            // warm the connection pool and the code paths
            assertThat(server.post(TestServer.speechJson(engine.voiceId(), "Warm up.", "wav")).statusCode())
                    .isEqualTo(200);
            engine.hold();
            List<CompletableFuture<HttpResponse<byte[]>>> admitted = new ArrayList<>();
            for (int i = 0; i < queue + 1; i++) {
                admitted.add(server.http().sendAsync(server.speechRequest(TestServer.speechJson(engine.voiceId(),
                        "Sentence number " + i + ".", "wav")).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            Await.until("all four admitted", () -> load(server, "slow").admitted() == queue + 1);
            assertThat(engine.running()).isEqualTo(1);

            // The (N+2)-th request, three times over: each is refused at once, without waiting for a place (a request
            // that waited would hang until the held engine is released below, long after the client's 10 s timeout).
            // How fast the refusal is belongs to bench/AdmissionBench, not here.
            int tooMany = 3;
            HttpResponse<String> refused = null;
            for (int i = 0; i < tooMany; i++) {
                refused = server.http().send(server.speechRequest(TestServer.speechJson(engine.voiceId(),
                        "One too many.", "wav")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(429);
            }
            assertThat(engine.calls()).as("the warm-up and the one running request; the refused reached no engine")
                    .isEqualTo(2);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isBetween(1, 60));
            assertThat(refused.body()).contains("\"type\":\"rate_limit_error\"", "\"code\":\"rate_limit_exceeded\"",
                    "engine busy: slow queue 3/3, active 1/1");

            engine.release();
            for (CompletableFuture<HttpResponse<byte[]>> f : admitted) {
                HttpResponse<byte[]> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(new String(r.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
                // 44-byte header + 2 chunks × 0.1 s × 22050 Hz × 2 bytes
                assertThat(r.body().length).isEqualTo(44 + 2 * 2205 * 2);
            }
            Await.until("every place released", () -> load(server, "slow").admitted() == 0);
            assertThat(load(server, "slow").rejected()).isEqualTo(tooMany);
        }
    }

    @Test
    void fifty_clients_that_disconnect_mid_stream_free_every_synthesis() throws Exception {
        int clients = 50;
        TestEngine engine = new TestEngine("long", clients).chunks(400, 0.05).sleepPerChunk(Duration.ofMillis(20));
        try (TestServer server = TestServer.start(home, s -> s.withWorkers(Map.of("long", clients))
                .withQueueLimit(clients).withMaxStreamsPerClient(0), engine)) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sockets.add(server.rawSpeechPost(TestServer.speechJson(engine.voiceId(), "Long text " + i + ".",
                        "pcm")));
            }
            for (Socket socket : sockets) {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                int total = in.readNBytes(buf, 0, 12);
                assertThat(new String(buf, 0, total, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                while (total < 8192) { // headers and some audio: the stream is mid-way
                    int n = in.read(buf);
                    assertThat(n).isPositive();
                    total += n;
                }
            }
            assertThat(server.hlas().speech().scheduler().activeStreams()).isEqualTo(clients);
            for (Socket socket : sockets) socket.close();

            Await.until("no active stream", () -> server.hlas().speech().scheduler().activeStreams() == 0);
            Await.until("no synthesis running", () -> engine.running() == 0);
            assertThat(load(server, "long").admitted()).isZero();
            assertThat(load(server, "long").runningJobs()).isZero();
            assertThat(engine.calls()).isEqualTo(clients); // nobody synthesized a further sentence
            assertThat(server.get("/metrics").body()).contains("hlas_active_syntheses 0.0");
        }
    }

    @Test
    void a_client_over_its_concurrent_stream_limit_gets_429() throws Exception {
        TestEngine engine = new TestEngine("held", 2);
        try (TestServer server = TestServer.start(home, s -> s.withMaxStreamsPerClient(1), engine)) {
            engine.hold();
            var first = server.http().sendAsync(server.speechRequest(TestServer.speechJson(engine.voiceId(), "First.",
                    "wav")).build(), HttpResponse.BodyHandlers.ofByteArray());
            Await.until("the first request is synthesizing", () -> engine.running() == 1);
            HttpResponse<byte[]> second = server.post(TestServer.speechJson(engine.voiceId(), "Second.", "wav"));
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("Too many concurrent requests");
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            engine.release();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(server.post(TestServer.speechJson(engine.voiceId(), "Third.", "wav")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void a_request_past_its_deadline_fails_with_503_and_frees_its_place() throws Exception {
        TestEngine engine = new TestEngine("stuck", 1);
        try (TestServer server = TestServer.start(home, s -> s.withRequestTimeout(Duration.ofMillis(300)), engine)) {
            engine.hold();
            HttpResponse<byte[]> r = server.post(TestServer.speechJson(engine.voiceId(), "Never done.", "wav"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("deadline");
            Await.until("the timed-out request released its place", () -> load(server, "stuck").admitted() == 0);
            engine.release();
        }
    }

    @Test
    void a_queued_client_that_hangs_up_releases_its_place_before_anything_is_synthesized_for_it() throws Exception {
        TestEngine engine = new TestEngine("busy", 1).chunks(1, 0.1);
        try (TestServer server = TestServer.start(home, s -> s.withWorkers(Map.of("busy", 1)).withQueueLimit(4)
                .withMaxStreamsPerClient(0), engine)) {
            engine.hold();
            CompletableFuture<HttpResponse<byte[]>> holder = server.http().sendAsync(server.speechRequest(
                    TestServer.speechJson(engine.voiceId(), "Holding the only worker.", "wav")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Await.until("the first request is synthesizing", () -> engine.running() == 1);

            try (Socket socket = server.rawSpeechPost(TestServer.speechJson(engine.voiceId(),
                    "Queued and then abandoned.", "wav"))) {
                Await.until("the second request is queued", () -> load(server, "busy").admitted() == 2);
            }
            // Hung up while queued: its place must be free long before the held worker finishes.
            Await.until("the abandoned request released its place", Duration.ofSeconds(3),
                    () -> load(server, "busy").admitted() == 1);
            engine.release();
            assertThat(holder.get().statusCode()).isEqualTo(200);
            Await.until("every place released", () -> load(server, "busy").admitted() == 0);
            assertThat(engine.calls()).as("the abandoned request was never synthesized").isEqualTo(1);
        }
    }

    static EngineScheduler.EngineLoad load(TestServer server, String engine) {
        EngineScheduler.EngineLoad l = server.hlas().speech().scheduler().load().get(engine);
        return l == null ? new EngineScheduler.EngineLoad(engine, 0, 0, 0, 0, 0, 0) : l;
    }
}
