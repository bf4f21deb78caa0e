package dev.hlas.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.api.auth.ApiKeys;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Usage per key through the real server (plain HTTP, SSE, WebSocket, a job): exact counts for known inputs, admin-only
 * reads, kept over a restart.
 */
class UsageHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String K1 = "sk-usage-one";
    static final String K2 = "sk-usage-two";
    static final String ADMIN = "sk-usage-admin";

    @TempDir
    Path home;

    /** A text of exactly {@code n} characters. */
    static String text(int n) {
        if (n == 1) return "A";
        String s = "Hello there my friend. ".repeat(n / 23 + 2).substring(0, n - 1);
        return s.substring(0, n - 1) + ".";
    }

    static HttpResponse<byte[]> speech(TestServer s, String key, String voice, String input, String extra)
            throws Exception {
        String body = "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + input
                + "\",\"response_format\":\"pcm\",\"language\":\"en\"" + extra + "}";
        return s.http().send(s.speechRequest(body).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> usage(TestServer s, String key, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/v1/ops/usage" + query)).GET();
        if (key != null) b.header("Authorization", "Bearer " + key);
        return s.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static TestServer server(Path home, TestEngine engine) {
        return TestServer.start(home, s -> s.withApiKeys(List.of(K1, K2)).withAdminKeys(List.of(ADMIN))
                .withCache(false, 0, 0), engine);
    }

    @Test
    void usage_counts_requests_characters_units_and_seconds_per_key_exactly() throws Exception {
        TestEngine engine = new TestEngine("usage", 2);
        String v = engine.voiceId();
        String k1 = ApiKeys.labelOf(K1);
        String k2 = ApiKeys.labelOf(K2);
        double k1Seconds = 0;
        try (TestServer server = server(home, engine)) {
            int[] lengths = {1, 999, 1000, 1001};
            for (int n : lengths) {
                String input = text(n);
                assertThat(input.codePointCount(0, input.length())).isEqualTo(n);
                HttpResponse<byte[]> r = speech(server, K1, v, input, "");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Usage-Characters")).hasValue(Integer.toString(n));
                assertThat(r.headers().firstValue("X-Usage-Units")).hasValue(n > 1000 ? "2" : "1");
                k1Seconds += r.body().length / 2.0 / 24_000;
            }
            HttpResponse<byte[]> sse = speech(server, K2, v, "Hello you.", ",\"stream_format\":\"sse\"");
            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(new String(sse.body(), StandardCharsets.UTF_8)).contains("speech.audio.done");
            try (WsTestClient ws = WsTestClient.connect(server, "", Map.of("Authorization", "Bearer " + K2),
                    List.of())) {
                ws.expect("ready");
                ws.message("config", "voice", v, "response_format", "pcm");
                ws.expect("config_ack");
                ws.message("text", "text", "Hello again.");
                ws.message("flush");
                ws.untilType("audio_end");
            }
            // refused requests are not usage
            assertThat(speech(server, K2, "no-such-voice", "Hello.", "").statusCode()).isEqualTo(400);

            assertThat(usage(server, null, "").statusCode()).isEqualTo(401);
            HttpResponse<String> notAdmin = usage(server, K1, "");
            assertThat(notAdmin.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(notAdmin.body()).at("/error/code").asText()).isEqualTo("insufficient_permissions");
            HttpResponse<String> badDate = usage(server, ADMIN, "?from=yesterday");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badDate.body()).at("/error/param").asText()).isEqualTo("from");

            Await.until("every request counted", () -> JSON.readTree(usage(server, ADMIN, "").body())
                    .at("/totals/requests").asInt() == 6);
            JsonNode all = JSON.readTree(usage(server, ADMIN, "").body());
            assertThat(all.at("/totals/characters").asLong()).isEqualTo(1 + 999 + 1000 + 1001 + 10 + 12);
            assertThat(all.at("/totals/units").asLong()).isEqualTo(1 + 1 + 1 + 2 + 1 + 1);
            JsonNode first = key(all, k1);
            assertThat(first.get("requests").asInt()).isEqualTo(4);
            assertThat(first.get("characters").asLong()).isEqualTo(3001);
            assertThat(first.get("units").asLong()).isEqualTo(5);
            assertThat(first.get("audio_seconds").asDouble()).isCloseTo(k1Seconds, within(0.002));
            assertThat(first.at("/voices/0/voice").asText()).isEqualTo(v);
            assertThat(first.at("/endpoints/0/endpoint").asText()).isEqualTo("/v1/audio/speech");
            assertThat(first.at("/engines/0/engine").asText()).isEqualTo("usage");
            assertThat(first.at("/engines/0/units").asLong()).isEqualTo(5);
            JsonNode second = key(all, k2);
            assertThat(second.get("requests").asInt()).isEqualTo(2);
            assertThat(second.get("characters").asLong()).isEqualTo(22);
            assertThat(second.get("units").asLong()).isEqualTo(2);
            assertThat(second.get("audio_seconds").asDouble()).isGreaterThan(0);
            assertThat(second.get("endpoints").findValuesAsText("endpoint"))
                    .containsExactly("/v1/audio/speech", "ws:/v1/audio/speech/stream");
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(all.at("/days/0/date").asText()).isEqualTo(today);
            assertThat(all.at("/days/0/requests").asInt()).isEqualTo(6);

            JsonNode only = JSON.readTree(usage(server, ADMIN, "?key=" + k2 + "&from=" + today + "&to=" + today)
                    .body());
            assertThat(only.get("keys")).hasSize(1);
            assertThat(only.at("/totals/requests").asInt()).isEqualTo(2);
            JsonNode past = JSON.readTree(usage(server, ADMIN, "?from=2020-01-01&to=2020-01-31").body());
            assertThat(past.at("/totals/requests").asInt()).isZero();

            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("hlas_usage_units_total{key=\"" + k1 + "\"} 5.0")
                    .doesNotContain(K1);

            // a job is one request of its whole text
            String job = "{\"model\":\"tts-1\",\"voice\":\"" + v + "\",\"input\":\"" + text(2500)
                    + "\",\"response_format\":\"wav\",\"language\":\"en\"}";
            HttpResponse<byte[]> created = server.http().send(HttpRequest.newBuilder(server.uri(
                    "/v1/audio/speech/jobs")).header("Authorization", "Bearer " + K1).POST(
                    HttpRequest.BodyPublishers.ofString(job)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(created.statusCode()).isEqualTo(202);
            // the job is its key's: another key does not see it, not even in its list
            String jobId = JSON.readTree(created.body()).get("id").asText();
            HttpResponse<String> foreign = server.http().send(HttpRequest.newBuilder(server.uri(
                    "/v1/audio/speech/jobs/" + jobId)).header("Authorization", "Bearer " + K2).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(404);
            HttpResponse<String> foreignList = server.http().send(HttpRequest.newBuilder(server.uri(
                    "/v1/audio/speech/jobs")).header("Authorization", "Bearer " + K2).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(foreignList.body()).get("data")).isEmpty();
            Await.until("the job counted", Duration.ofSeconds(60), () -> JSON.readTree(usage(server, ADMIN, "")
                    .body()).at("/totals/requests").asInt() == 7);
            JsonNode withJob = key(JSON.readTree(usage(server, ADMIN, "").body()), k1);
            assertThat(withJob.get("characters").asLong()).isEqualTo(3001 + 2500);
            assertThat(withJob.get("units").asLong()).isEqualTo(5 + 3);
            assertThat(withJob.get("endpoints").findValuesAsText("endpoint"))
                    .containsExactly("/v1/audio/speech", "/v1/audio/speech/jobs");
        }
        // a restarted server still knows the day's totals
        try (TestServer again = server(home, new TestEngine("usage", 1))) {
            JsonNode all = JSON.readTree(usage(again, ADMIN, "").body());
            assertThat(all.at("/totals/requests").asInt()).isEqualTo(7);
            assertThat(key(all, k1).get("units").asLong()).isEqualTo(8);
            assertThat(key(all, k1).get("characters").asLong()).isEqualTo(5501);
        }
    }

    private static JsonNode key(JsonNode usage, String label) {
        for (JsonNode k : usage.get("keys")) if (k.get("key").asText().equals(label)) return k;
        throw new AssertionError("no key " + label + " in " + usage);
    }
}
