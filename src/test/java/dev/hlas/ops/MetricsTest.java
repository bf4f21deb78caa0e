package dev.hlas.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    @TempDir
    Path home;

    @Test
    void metrics_change_as_requests_flow() throws Exception {
        TestEngine engine = new TestEngine("m", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String before = server.get("/metrics").body();
            assertThat(before).contains("jvm_memory_used_bytes", "process_cpu_usage", "hlas_active_syntheses 0.0");
            String json = TestServer.speechJson(engine.voiceId(), "Count me. Twice.", "wav");
            assertThat(server.post(json).statusCode()).isEqualTo(200);
            assertThat(server.post(json).headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(server.post("{\"model\":\"tts-1\"}").statusCode()).isEqualTo(400);

            String after = server.get("/metrics").body();
            String speech = "method=\"POST\",route=\"/v1/audio/speech\"";
            assertThat(value(after, "hlas_http_requests_total\\{" + speech + ",status=\"200\"\\}")).isEqualTo(2);
            assertThat(value(after, "hlas_http_requests_total\\{" + speech + ",status=\"400\"\\}")).isEqualTo(1);
            assertThat(value(after, "hlas_audio_seconds_total\\{engine=\"m\",voice=\"m-voice\"\\}"))
                    .isCloseTo(0.4, Offset.offset(0.01));
            assertThat(value(after, "hlas_characters_total\\{completed=\"true\",engine=\"m\",voice=\"m-voice\"\\}"))
                    .isEqualTo(15); // "Count me." + "Twice."
            assertThat(value(after, "hlas_rtf_count\\{engine=\"m\",voice=\"m-voice\"\\}")).isEqualTo(2);
            assertThat(value(after, "hlas_ttfb_seconds_count\\{cache=\"miss\",engine=\"m\",voice=\"m-voice\"\\}"))
                    .isEqualTo(1);
            assertThat(value(after, "hlas_ttfb_seconds_count\\{cache=\"hit\",engine=\"m\",voice=\"m-voice\"\\}"))
                    .isEqualTo(1);
            assertThat(value(after, "hlas_cache_lookups_total\\{result=\"memory_hit\"\\}")).isEqualTo(1);
            assertThat(value(after, "hlas_cache_lookups_total\\{result=\"miss\"\\}")).isEqualTo(1);
            assertThat(value(after, "hlas_queue_wait_seconds_count\\{engine=\"m\"\\}")).isEqualTo(2);
            assertThat(value(after, "hlas_queue_depth\\{engine=\"m\"\\}")).isEqualTo(0);
            assertThat(value(after, "hlas_engine_workers\\{engine=\"m\"\\}")).isEqualTo(1);
            assertThat(value(after, "hlas_usage_characters_total\\{key=\"anonymous\"\\}")).isEqualTo(32);
            assertThat(value(after, "hlas_cache_entries\\{tier=\"memory\"\\}")).isEqualTo(1);
            assertThat(after).doesNotContain("Count me");

            JsonNode summary = new ObjectMapper().readTree(server.get("/v1/ops/summary").body());
            assertThat(summary.get("speech_requests_total").asInt()).isEqualTo(3);
            assertThat(summary.get("ttfb_ms").get("p50").asDouble()).isPositive();
            assertThat(summary.get("rtf").get("p95").asDouble()).isPositive();
            assertThat(summary.get("recent")).hasSize(3);
            assertThat(summary.get("recent").get(0).get("status").asInt()).isEqualTo(400);
            assertThat(summary.get("recent").get(1).get("cache").asText()).isEqualTo("hit");
            assertThat(summary.toString()).doesNotContain("Count me");
        }
    }

    @Test
    void every_response_carries_a_request_id_and_a_sane_given_one_is_kept() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s)) {
            HttpResponse<String> made = server.get("/health");
            assertThat(made.headers().firstValue("X-Request-Id")).hasValueSatisfying(v ->
                    assertThat(v).matches("[0-9a-f]{24}"));
            var kept = server.http().send(HttpRequest.newBuilder(server.uri("/v1/models"))
                    .header("X-Request-Id", "my-trace.42").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("my-trace.42");
            var replaced = server.http().send(HttpRequest.newBuilder(server.uri("/nope"))
                    .header("X-Request-Id", "bad id with spaces").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(replaced.statusCode()).isEqualTo(404);
            assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(v ->
                    assertThat(v).matches("[0-9a-f]{24}"));
        }
    }

    @Test
    void health_and_ready_report_liveness_and_readiness() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s)) {
            assertThat(server.get("/health").body()).contains("\"status\":\"ok\"");
            HttpResponse<String> ready = server.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"ready\"");
        }
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(scrape);
        if (!m.find()) throw new AssertionError("no series " + series + " in:\n" + grepHlas(scrape));
        return Double.parseDouble(m.group(1));
    }

    private static String grepHlas(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("hlas_") && !l.contains("_bucket"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
