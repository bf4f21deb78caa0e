package dev.hlas.api;

import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {
    @TempDir
    Path home;

    @Test
    void cors_is_off_by_default() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s)) {
            HttpResponse<String> r = server.http().send(HttpRequest.newBuilder(server.uri("/v1/models"))
                    .header("Origin", "http://app.example").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void configured_cors_answers_preflights_and_tags_responses() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s.withCorsOrigins(List.of("http://app.example"))
                .withApiKeys(List.of("sk-x")))) {
            HttpResponse<String> preflight = server.http().send(HttpRequest.newBuilder(server.uri("/v1/audio/speech"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://app.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(v ->
                    assertThat(v).contains("Authorization"));
            HttpResponse<String> get = server.http().send(HttpRequest.newBuilder(server.uri("/v1/models"))
                    .header("Origin", "http://app.example").header("Authorization", "Bearer sk-x").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
            HttpResponse<String> other = server.http().send(HttpRequest.newBuilder(server.uri("/health"))
                    .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void preflights_are_counted_out_so_shutdown_after_them_is_prompt() throws Exception {
        TestServer server = TestServer.start(home, s -> s.withCorsOrigins(List.of("*"))
                .withShutdownGrace(Duration.ofSeconds(30)));
        try {
            for (int i = 0; i < 25; i++) {
                HttpResponse<String> preflight = server.http().send(HttpRequest.newBuilder(
                                server.uri(i % 2 == 0 ? "/v1/audio/speech" : "/v1/models"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://app.example")
                        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(preflight.statusCode()).isEqualTo(204);
                assertThat(preflight.headers().firstValue("X-Request-Id")).isPresent();
            }
            Await.until("server.hlas().server().inFlight() == 0", Duration.ofSeconds(5),
                    () -> server.hlas().server().inFlight() == 0);
            assertThat(server.get("/metrics").body())
                    .contains("hlas_http_requests_total{method=\"OPTIONS\",route=\"preflight\",status=\"204\"} 25.0");
            long start = System.nanoTime();
            server.hlas().close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("shutdown with nothing in flight")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            server.http().close();
        }
    }

    @Test
    void shutdown_stops_admitting_and_lets_in_flight_streams_finish() throws Exception {
        TestEngine engine = new TestEngine("drain", 1);
        TestServer server = TestServer.start(home, s -> s.withShutdownGrace(Duration.ofSeconds(20)), engine);
        try {
            engine.hold();
            CompletableFuture<HttpResponse<byte[]>> inFlight = server.http().sendAsync(server.speechRequest(
                    TestServer.speechJson(engine.voiceId(), "Finish me.", "wav")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Await.until("the request is synthesizing", () -> engine.running() == 1);
            Thread closer = Thread.ofVirtual().start(server.hlas()::close);
            Await.until("/ready answers 503", () -> server.get("/ready").statusCode() == 503);
            HttpResponse<byte[]> refused = server.post(TestServer.speechJson(engine.voiceId(), "Too late.", "wav"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(new String(refused.body())).contains("shutting down");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1"); // the balancer retries elsewhere
            engine.release();
            HttpResponse<byte[]> finished = inFlight.get();
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(finished.body().length).isEqualTo(44 + 2 * 2205 * 2);
            closer.join(Duration.ofSeconds(20));
            assertThat(closer.isAlive()).isFalse();
        } finally {
            engine.release();
            server.http().close();
        }
    }
}
