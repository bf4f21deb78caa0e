package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioOutput;
import dev.hlas.config.WebSocketConfig;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.WsTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Barge-in, admission, disconnects, the cache, keys, limits and records: each against its own real server. */
class WebSocketLifecycleTest {
    @TempDir
    Path home;

    private static WsTestClient open(TestServer server, String voice, String format) throws Exception {
        WsTestClient ws = WsTestClient.connect(server);
        ws.expect("ready");
        ws.message("config", "voice", voice, "response_format", format);
        ws.expect("config_ack");
        return ws;
    }

    @Test
    void cancel_stops_at_once_frees_the_worker_and_the_next_text_is_spoken() throws Exception {
        TestEngine engine = new TestEngine("barge", 1).chunks(100, 0.05).sleepPerChunk(Duration.ofMillis(10));
        try (TestServer server = TestServer.start(home, s -> s, engine);
             WsTestClient ws = open(server, engine.voiceId(), "pcm")) {
            ws.message("text", "text", "A long sentence that takes a while. Another one after it. ");
            ws.message("flush");
            ws.untilType("audio");
            ws.message("cancel");
            List<Frame> untilCancelled = ws.untilType("cancelled");
            assertThat(untilCancelled.getLast().type()).isEqualTo("cancelled");
            Await.until("the worker is free", () -> engine.running() == 0
                    && server.hlas().speech().scheduler().activeStreams() == 0);
            ws.message("text", "text", "Short.");
            ws.message("flush");
            List<Frame> after = ws.untilType("audio_end");
            assertThat(after.getFirst().type()).as("nothing of the cancelled utterance after 'cancelled'")
                    .isEqualTo("audio_start");
            assertThat(after.getFirst().json().get("utterance").asInt()).isEqualTo(2);
            assertThat(after).extracting(Frame::type).doesNotContain("cancelled", "error");
            assertThat(engine.calls()).as("the cancelled utterance's second sentence never started").isEqualTo(2);
            Await.until("both utterances recorded", () -> server.get("/v1/ops/summary").body()
                    .contains("\"status\":499"));
            String summary = server.get("/v1/ops/summary").body();
            assertThat(summary).contains("\"transport\":\"ws\"").contains("\"status\":200");
        }
    }

    @Test
    void a_full_engine_answers_rate_limit_exceeded_with_a_retry_hint_and_the_session_goes_on() throws Exception {
        TestEngine engine = new TestEngine("busy", 1).hold();
        try (TestServer server = TestServer.start(home, s -> s.withQueueLimit(0), engine);
             WsTestClient ws = open(server, engine.voiceId(), "pcm")) {
            CompletableFuture<HttpResponse<byte[]>> blocker = server.http().sendAsync(server.speechRequest(
                    TestServer.speechJson(engine.voiceId(), "Hold.", "pcm")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Await.until("the blocker holds the worker", () -> engine.running() == 1);
            ws.message("text", "text", "Refused.");
            ws.message("flush");
            JsonNode error = ws.expect("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.get("status").asInt()).isEqualTo(429);
            assertThat(error.get("retry_after").asInt()).isPositive();
            engine.release();
            assertThat(blocker.get().statusCode()).isEqualTo(200);
            ws.message("text", "text", "Admitted now.");
            ws.message("flush");
            assertThat(WsTestClient.audio(ws.untilType("audio_end"))).isNotEmpty();
        }
    }

    @Test
    void fifty_sessions_that_disconnect_abruptly_leave_no_worker_and_no_encoder() throws Exception {
        TestEngine engine = new TestEngine("abrupt", 2).chunks(20, 0.05).sleepPerChunk(Duration.ofMillis(5));
        int encodersBefore = AudioOutput.openCount();
        try (TestServer server = TestServer.start(home, s -> s.withQueueLimit(64).withMaxStreamsPerClient(0),
                engine)) {
            List<WsTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                WsTestClient ws = open(server, engine.voiceId(), i % 2 == 0 ? "mp3" : "pcm");
                ws.message("text", "text", "Sentence number " + i + " is here. And another one follows it.");
                if (i % 3 != 0) ws.message("flush");
                if (i % 5 == 0) ws.untilType("audio"); // some are cut mid-audio, others while queued
                clients.add(ws);
            }
            clients.forEach(WsTestClient::abort);
            Await.until("every session ended", Duration.ofSeconds(20),
                    () -> server.hlas().server().webSocketSessions() == 0);
            Await.until("no worker and no encoder in use", Duration.ofSeconds(20),
                    () -> server.hlas().speech().scheduler().activeStreams() == 0 && engine.running() == 0
                            && AudioOutput.openCount() == encodersBefore);
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void a_flushed_utterance_seen_before_is_served_from_the_cache() throws Exception {
        TestEngine engine = new TestEngine("cached", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine);
             WsTestClient ws = open(server, engine.voiceId(), "pcm")) {
            ws.message("text", "text", "Cache me once.");
            ws.message("flush");
            List<Frame> first = ws.untilType("audio_end");
            ws.message("text", "text", "Cache me ");
            ws.message("text", "text", "once.");
            ws.message("flush");
            List<Frame> second = ws.untilType("audio_end");
            assertThat(WsTestClient.audio(second)).isEqualTo(WsTestClient.audio(first));
            assertThat(engine.calls()).isEqualTo(1);
            assertThat(second).filteredOn(f -> f.type().equals("sentence")).hasSize(1);
            Await.until("the hit is recorded",
                    () -> server.get("/v1/ops/summary").body().contains("\"cache\":\"hit\""));
            HttpResponse<byte[]> http = server.post("{\"model\":\"tts-1\",\"voice\":\"" + engine.voiceId()
                    + "\",\"input\":\"Cache me once.\",\"response_format\":\"pcm\"}");
            assertThat(http.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(http.body()).isEqualTo(WsTestClient.audio(first));
            assertThat(server.get("/metrics").body()).contains("transport=\"ws\"");
        }
    }

    @Test
    void with_keys_a_key_is_required_by_header_query_or_subprotocol() throws Exception {
        TestEngine engine = new TestEngine("keyed", 1);
        String key = "sk-ws-secret-1";
        try (TestServer server = TestServer.start(home, s -> s.withApiKeys(List.of(key)), engine)) {
            try (WsTestClient none = WsTestClient.connect(server)) {
                WsTestClient.Closed closed = none.awaitClose();
                assertThat(closed.code()).isEqualTo(1008);
                assertThat(closed.reason()).containsIgnoringCase("API key");
            }
            try (WsTestClient wrong = WsTestClient.connect(server, "", Map.of("Authorization", "Bearer nope"),
                    List.of())) {
                assertThat(wrong.awaitClose().code()).isEqualTo(1008);
            }
            try (WsTestClient wrongQuery = WsTestClient.connect(server, "?api_key=nope", Map.of(), List.of())) {
                assertThat(wrongQuery.awaitClose().code()).isEqualTo(1008);
                assertThat(wrongQuery.awaitClose().reason()).doesNotContain("nope");
            }
            try (WsTestClient header = WsTestClient.connect(server, "", Map.of("Authorization", "Bearer " + key),
                    List.of())) {
                header.expect("ready");
            }
            try (WsTestClient query = WsTestClient.connect(server, "?api_key=" + key, Map.of(), List.of())) {
                query.expect("ready");
            }
            try (WsTestClient browser = WsTestClient.connect(server, "", Map.of(),
                    List.of("hlas", SpeechSocket.KEY_PROTOCOL + key))) {
                browser.expect("ready");
                assertThat(browser.socket().getSubprotocol()).as("the key is not echoed").isEqualTo("hlas");
            }
            try (WsTestClient keyOnly = WsTestClient.connect(server, "", Map.of(),
                    List.of(SpeechSocket.KEY_PROTOCOL + key))) {
                keyOnly.expect("ready");
                keyOnly.message("config", "voice", engine.voiceId());
                keyOnly.expect("config_ack");
                keyOnly.message("text", "text", "Authorized.");
                keyOnly.message("flush");
                assertThat(WsTestClient.audio(keyOnly.untilType("audio_end"))).isNotEmpty();
            }
            assertThat(engine.calls()).as("only the authorized session synthesized").isEqualTo(1);
        }
    }

    @Test
    void an_idle_session_is_closed_and_sessions_beyond_the_maximum_are_refused() throws Exception {
        TestEngine engine = new TestEngine("idle", 1);
        try (TestServer server = new TestServer(home, c -> c.withWebSocket(WebSocketConfig.defaults()
                .withIdleTimeout(Duration.ofMillis(700)).withMaxSessions(2)), List.of(engine))) {
            try (WsTestClient idle = WsTestClient.connect(server)) {
                idle.expect("ready");
                WsTestClient.Closed closed = idle.awaitClose();
                assertThat(closed.code()).isIn(1000, 1001);
            }
            Await.until("the idle session is gone", () -> server.hlas().server().webSocketSessions() == 0);
            try (WsTestClient a = WsTestClient.connect(server); WsTestClient b = WsTestClient.connect(server)) {
                a.expect("ready");
                b.expect("ready");
                try (WsTestClient c = WsTestClient.connect(server)) {
                    assertThat(c.awaitClose().code()).isEqualTo(1013);
                }
            }
        }
    }

    @Test
    void no_ws_turns_the_endpoint_off() throws Exception {
        try (TestServer server = new TestServer(home, c -> c.withWebSocket(WebSocketConfig.defaults()
                .withEnabled(false)))) {
            assertThatThrownBy(() -> WsTestClient.connect(server)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
        }
    }
}
