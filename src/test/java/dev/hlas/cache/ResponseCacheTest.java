package dev.hlas.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseCacheTest {
    @TempDir
    Path home;

    @Test
    void a_hit_returns_identical_bytes_without_touching_the_engine() throws Exception {
        TestEngine engine = new TestEngine("det", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String json = TestServer.speechJson(engine.voiceId(), "Hello there. How are you?", "wav");
            HttpResponse<byte[]> miss = server.post(json);
            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(miss.headers().firstValue("X-Cache")).hasValue("miss");
            int calls = engine.calls();
            assertThat(calls).isEqualTo(2); // two sentences

            HttpResponse<byte[]> hit = server.post(json);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(hit.body()).isEqualTo(miss.body());
            assertThat(hit.headers().firstValue("Content-Type")).isEqualTo(miss.headers().firstValue("Content-Type"));
            assertThat(hit.headers().firstValue("Content-Length")).hasValue(Integer.toString(miss.body().length));
            assertThat(hit.headers().firstValue("X-Sample-Rate")).hasValue("22050");
            assertThat(hit.headers().firstValue("X-Voice")).hasValue(engine.voiceId());
            assertThat(hit.headers().firstValue("X-Usage-Characters")).hasValue("25");
            assertThat(hit.headers().firstValue("X-Usage-Audio-Seconds")).hasValue("0.400");
            assertThat(engine.calls()).isEqualTo(calls);
        }
    }

    @Test
    void everything_that_changes_the_audio_changes_the_key() throws Exception {
        TestEngine engine = new TestEngine("keys", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String base = "{\"model\":\"tts-1\",\"voice\":\"" + engine.voiceId() + "\",\"input\":\"Same text.\","
                    + "\"language\":\"en\"";
            assertThat(cache(server, base + ",\"response_format\":\"wav\"}")).isEqualTo("miss");
            assertThat(cache(server, base + ",\"response_format\":\"wav\"}")).isEqualTo("hit");
            assertThat(cache(server, base + ",\"response_format\":\"pcm\"}")).isEqualTo("miss");
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"speed\":1.5}")).isEqualTo("miss");
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"volume\":0.5}")).isEqualTo("miss");
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"sample_rate\":16000}")).isEqualTo("miss");
            // SSE frames the same audio bytes differently: it shares the plain response's entry.
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"stream_format\":\"sse\"}"))
                    .isEqualTo("hit");
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"noise_scale\":0.5}")).isEqualTo("miss");
            assertThat(cache(server, base.replace("Same text.", "Other text.") + ",\"response_format\":\"wav\"}"))
                    .isEqualTo("miss");
            assertThat(cache(server, base + ",\"response_format\":\"wav\",\"speed\":1.5}")).isEqualTo("hit");
        }
    }

    @Test
    void an_sse_hit_replays_the_same_audio_as_events_without_touching_the_engine() throws Exception {
        TestEngine engine = new TestEngine("sse", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String json = "{\"model\":\"tts-1\",\"voice\":\"" + engine.voiceId() + "\",\"input\":\"One. Two.\","
                    + "\"language\":\"en\",\"response_format\":\"mp3\",\"stream_format\":\"sse\"}";
            HttpResponse<byte[]> miss = server.post(json);
            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(miss.headers().firstValue("X-Cache")).hasValue("miss");
            int calls = engine.calls();

            HttpResponse<byte[]> hit = server.post(json);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(hit.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(engine.calls()).isEqualTo(calls);
            assertThat(sseAudio(hit.body())).isNotEmpty().isEqualTo(sseAudio(miss.body()));
            assertThat(sseDone(hit.body())).isEqualTo(sseDone(miss.body()));
        }
    }

    /** The concatenated audio of an SSE body's delta events. */
    private static byte[] sseAudio(byte[] body) throws Exception {
        var mapper = new ObjectMapper();
        var out = new ByteArrayOutputStream();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("data: ")) continue;
            var event = mapper.readTree(line.substring(6));
            if (event.get("type").asText().equals("speech.audio.delta")) {
                out.write(Base64.getDecoder().decode(event.get("audio").asText()));
            }
        }
        return out.toByteArray();
    }

    /** The last event of an SSE body (must be the done event). */
    private static String sseDone(byte[] body) {
        String[] lines = new String(body, StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).contains("\"speech.audio.done\"");
        return last;
    }

    @Test
    void clients_and_the_config_can_opt_out() throws Exception {
        TestEngine engine = new TestEngine("opt", 1);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String json = TestServer.speechJson(engine.voiceId(), "Opt out.", "wav");
            HttpResponse<byte[]> first = server.http().send(server.speechRequest(json).header("Cache-Control",
                    "no-cache").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(first.headers().firstValue("X-Cache")).hasValue("bypass");
            assertThat(cache(server, json)).isEqualTo("miss"); // the bypassed response was not stored
            assertThat(cache(server, json)).isEqualTo("hit");
        }
        try (TestServer server = TestServer.start(home.resolve("off"), s -> s.withCache(false, 1 << 20, 1 << 20),
                engine)) {
            String json = TestServer.speechJson(engine.voiceId(), "Cache off.", "wav");
            assertThat(cache(server, json)).isEqualTo("bypass");
            assertThat(cache(server, json)).isEqualTo("bypass");
        }
    }

    @Test
    void a_corrupted_or_truncated_disk_entry_is_detected_and_resynthesized() throws Exception {
        TestEngine engine = new TestEngine("disk", 1);
        // no memory tier: every hit comes from disk
        try (TestServer server = TestServer.start(home, s -> s.withCache(true, 0, 10 << 20), engine)) {
            String json = TestServer.speechJson(engine.voiceId(), "Stored on disk.", "wav");
            HttpResponse<byte[]> original = server.post(json);
            assertThat(original.headers().firstValue("X-Cache")).hasValue("miss");
            SpeechCache cache = server.hlas().cache();
            assertThat(cache.awaitWrites(Duration.ofSeconds(10))).isTrue();
            Path file = onlyEntry(home);
            assertThat(cache(server, json)).isEqualTo("hit");

            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 100] ^= 0x40; // one flipped bit in the audio
            Files.write(file, bytes);
            int calls = engine.calls();
            HttpResponse<byte[]> again = server.post(json);
            assertThat(again.headers().firstValue("X-Cache")).hasValue("miss");
            assertThat(again.body()).isEqualTo(original.body());
            assertThat(engine.calls()).isEqualTo(calls + 1);
            assertThat(cache.stats().corrupt()).isEqualTo(1);

            assertThat(cache.awaitWrites(Duration.ofSeconds(10))).isTrue();
            Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 300)); // a torn write
            assertThat(cache(server, json)).isEqualTo("miss");
            assertThat(cache.stats().corrupt()).isEqualTo(2);
            assertThat(cache.awaitWrites(Duration.ofSeconds(10))).isTrue();
            HttpResponse<byte[]> hit = server.post(json);
            assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
            assertThat(hit.body()).isEqualTo(original.body());
        }
    }

    @Test
    void a_failed_or_cancelled_response_is_never_stored() throws Exception {
        TestEngine engine = new TestEngine("fail", 1);
        try (TestServer server = TestServer.start(home, s -> s.withRequestTimeout(Duration.ofMillis(300)), engine)) {
            engine.hold();
            String json = TestServer.speechJson(engine.voiceId(), "Too slow.", "wav");
            assertThat(server.post(json).statusCode()).isEqualTo(503);
            engine.release();
            assertThat(server.hlas().cache().stats().stores()).isZero();
            assertThat(cache(server, json)).isEqualTo("miss");
        }
    }

    private static String cache(TestServer server, String json) throws Exception {
        HttpResponse<byte[]> r = server.post(json);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        Optional<String> x = r.headers().firstValue("X-Cache");
        assertThat(x).isPresent();
        return x.get();
    }

    private static Path onlyEntry(Path home) throws Exception {
        try (var files = Files.walk(home.resolve("cache"))) {
            var entries = files.filter(p -> p.toString().endsWith(".bin")).toList();
            assertThat(entries).hasSize(1);
            return entries.getFirst();
        }
    }
}
