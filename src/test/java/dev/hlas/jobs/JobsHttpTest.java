package dev.hlas.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.audio.Decoded;
import dev.hlas.config.JobsConfig;
import dev.hlas.engine.Utterance;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Long-form jobs through the real server: restart mid-job, content, ranges, chapters, captions, cancel, errors. */
class JobsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Each utterance of the test engine is 2 chunks of 0.1 s. */
    static final double SENTENCE_SECONDS = 0.2;

    @TempDir
    Path home;
    @TempDir
    Path scratch;

    /** {@code count} short sentences, each different, none cut into clauses. */
    static String sentences(int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) b.append("Line ").append(words(i)).append(" is here. ");
        return b.toString().strip();
    }

    private static String words(int i) {
        String[] w = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        return w[i / 10 % 10] + " " + w[i % 10];
    }

    static String body(String voice, String format, String inputJson) {
        return "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"response_format\":\"" + format
                + "\",\"language\":\"en\"," + inputJson + "}";
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static JsonNode get(TestServer s, String path) throws Exception {
        HttpResponse<byte[]> r = s.http().send(HttpRequest.newBuilder(s.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return json(r);
    }

    static HttpResponse<byte[]> send(TestServer s, HttpRequest.Builder b) throws Exception {
        return s.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String create(TestServer s, String body) throws Exception {
        HttpResponse<byte[]> r = s.post("/v1/audio/speech/jobs", body);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        JsonNode created = json(r);
        assertThat(created.get("status").asText()).isIn("queued", "running");
        assertThat(r.headers().firstValue("Location")).hasValue("/v1/audio/speech/jobs/" + created.get("id").asText());
        return created.get("id").asText();
    }

    static JsonNode awaitCompleted(TestServer s, String id) {
        JsonNode[] last = new JsonNode[1];
        Await.until("job " + id + " completed", Duration.ofSeconds(60), () -> {
            last[0] = get(s, "/v1/audio/speech/jobs/" + id);
            assertThat(last[0].get("status").asText()).isNotEqualTo("failed");
            return last[0].get("status").asText().equals("completed");
        });
        return last[0];
    }

    static double ffprobeDuration(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return Double.parseDouble(out);
    }

    private byte[] content(TestServer s, String id, String query) throws Exception {
        HttpResponse<byte[]> r = send(s, HttpRequest.newBuilder(s.uri("/v1/audio/speech/jobs/" + id + "/content"
                + query)).GET());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    private static long pieceFiles(Path home, String id) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("jobs").resolve(id).resolve("pieces"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcm")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void a_restarted_server_resumes_the_job_without_rendering_a_finished_sentence_again() throws Exception {
        int total = 40;
        TestEngine first = new TestEngine("jobs", 1).sleepPerChunk(Duration.ofMillis(25));
        String id;
        long kept;
        List<String> heardBefore;
        List<Double> progress = new ArrayList<>();
        try (TestServer server = new TestServer(home, c -> c, List.of(first))) {
            id = create(server, body(first.voiceId(), "wav", "\"input\":\"" + sentences(0, total) + "\""));
            Await.until("some sentences rendered", Duration.ofSeconds(30), () -> {
                JsonNode p = get(server, "/v1/audio/speech/jobs/" + id).get("progress");
                progress.add(p.get("sentences_done").asDouble());
                assertThat(p.get("sentences_total").asInt()).isEqualTo(total);
                return p.get("sentences_done").asInt() >= 6;
            });
        }
        kept = pieceFiles(home, id);
        heardBefore = first.heard().stream().map(Utterance::text).toList();
        assertThat(kept).isBetween(6L, (long) total - 1);
        assertThat(progress).isSorted();

        TestEngine second = new TestEngine("jobs", 1);
        try (TestServer server = new TestServer(home, c -> c, List.of(second))) {
            JsonNode done = awaitCompleted(server, id);
            JsonNode p = done.get("progress");
            assertThat(p.get("sentences_done").asInt()).isEqualTo(total);
            assertThat(p.get("audio_seconds").asDouble()).isCloseTo(total * SENTENCE_SECONDS, within(0.001));
            assertThat(done.get("content_url").asText()).isEqualTo("/v1/audio/speech/jobs/" + id + "/content");

            // exactly the missing sentences were rendered after the restart, and together they are the whole text
            List<String> heardAfter = second.heard().stream().map(Utterance::text).toList();
            assertThat(heardAfter).hasSize(total - (int) kept);
            Set<String> all = new HashSet<>(heardAfter);
            all.addAll(heardBefore);
            assertThat(all).hasSize(total);
            assertThat(heardAfter).doesNotContainAnyElementsOf(heardBefore.subList(0, (int) kept));

            byte[] wav = content(server, id, "");
            Path file = scratch.resolve("job.wav");
            Files.write(file, wav);
            assertThat(ffprobeDuration(file)).isCloseTo(total * SENTENCE_SECONDS, within(0.001));
            Decoded decoded = Decoded.of(wav, scratch);
            assertThat(decoded.errors()).isEmpty();
            assertThat(decoded.sampleRate()).isEqualTo(TestEngine.SAMPLE_RATE);
            assertThat(decoded.seconds()).isCloseTo(total * SENTENCE_SECONDS, within(0.001));
            // no temporary file is left anywhere in the job's directory
            try (Stream<Path> files = Files.walk(home.resolve("jobs"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part"))).isEmpty();
            }
        }
    }

    @Test
    void chapters_come_whole_or_one_at_a_time_with_ranges_and_captions() throws Exception {
        TestEngine engine = new TestEngine("jobs", 2);
        try (TestServer server = new TestServer(home, c -> c, List.of(engine))) {
            String chapters = "\"chapters\":[{\"title\":\"One\",\"input\":\"" + sentences(0, 3)
                    + "\"},{\"title\":\"Two\",\"input\":\"" + sentences(10, 5) + "\"}]";
            String id = create(server, body(engine.voiceId(), "mp3", chapters));
            JsonNode done = awaitCompleted(server, id);
            JsonNode ch = done.get("chapters");
            assertThat(ch).hasSize(2);
            assertThat(ch.get(0).get("title").asText()).isEqualTo("One");
            assertThat(ch.get(0).get("sentences").asInt()).isEqualTo(3);
            assertThat(ch.get(1).get("start_seconds").asDouble()).isCloseTo(3 * SENTENCE_SECONDS, within(0.001));
            assertThat(ch.get(1).get("duration_seconds").asDouble()).isCloseTo(5 * SENTENCE_SECONDS, within(0.001));

            byte[] whole = content(server, id, "");
            Decoded all = Decoded.of(whole, scratch);
            assertThat(all.codec()).isEqualTo("mp3");
            assertThat(all.errors()).isEmpty();
            // the info frame in front tells the decoder the encoder's delay and padding: exactly what was encoded
            assertThat(all.samples().length).isEqualTo((int) Math.round(8 * SENTENCE_SECONDS * all.sampleRate()));
            Path mp3 = scratch.resolve("job.mp3");
            Files.write(mp3, whole);
            // ffprobe's container duration counts whole frames from the info frame (encoder delay and padding in):
            // without the info frame it would be a guess from the bit rate
            assertThat(ffprobeDuration(mp3)).isBetween(8 * SENTENCE_SECONDS, 8 * SENTENCE_SECONDS + 0.1);
            assertThat(new String(whole, 0, 200, StandardCharsets.ISO_8859_1)).contains("Info", "LAME3.100");
            Decoded second = Decoded.of(content(server, id, "?chapter=1"), scratch);
            assertThat(second.samples().length).isEqualTo((int) Math.round(5 * SENTENCE_SECONDS * all.sampleRate()));

            HttpResponse<byte[]> part = send(server, HttpRequest.newBuilder(server.uri("/v1/audio/speech/jobs/" + id
                    + "/content")).header("Range", "bytes=100-1099").GET());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-1099/" + whole.length);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole, 100, 1100));
            HttpResponse<byte[]> tail = send(server, HttpRequest.newBuilder(server.uri("/v1/audio/speech/jobs/" + id
                    + "/content")).header("Range", "bytes=-10").GET());
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
            HttpResponse<byte[]> beyond = send(server, HttpRequest.newBuilder(server.uri("/v1/audio/speech/jobs/"
                    + id + "/content")).header("Range", "bytes=" + whole.length + "-").GET());
            assertThat(beyond.statusCode()).isEqualTo(416);

            HttpResponse<String> vtt = server.get("/v1/audio/speech/jobs/" + id + "/captions");
            assertThat(vtt.statusCode()).isEqualTo(200);
            assertThat(vtt.body()).startsWith("WEBVTT").contains("Line one two is here.")
                    .contains("00:00:01.400 --> 00:00:01.600");

            HttpResponse<String> missing = server.get("/v1/audio/speech/jobs/" + id + "/content?chapter=2");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).at("/error/param").asText()).isEqualTo("chapter");

            HttpResponse<String> events = server.get("/v1/audio/speech/jobs/" + id + "/events");
            assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(events.body()).startsWith("event: done\ndata: {\"id\":\"" + id + "\"");

            JsonNode list = get(server, "/v1/audio/speech/jobs");
            assertThat(list.get("data")).hasSize(1);
            assertThat(list.get("data").get(0).get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void events_report_progress_as_it_grows_and_end_with_the_finished_job() throws Exception {
        TestEngine engine = new TestEngine("jobs", 1).sleepPerChunk(Duration.ofMillis(40));
        try (TestServer server = new TestServer(home, c -> c, List.of(engine))) {
            String id = create(server, body(engine.voiceId(), "pcm", "\"input\":\"" + sentences(0, 12) + "\""));
            HttpResponse<String> events = server.get("/v1/audio/speech/jobs/" + id + "/events");
            assertThat(events.statusCode()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            for (String block : events.body().split("\n\n")) {
                String[] lines = block.split("\n", 2);
                names.add(lines[0].substring("event: ".length()));
                done.add(JSON.readTree(lines[1].substring("data: ".length())).at("/progress/sentences_done").asInt());
            }
            assertThat(names.getLast()).isEqualTo("done");
            assertThat(names.subList(0, names.size() - 1)).containsOnly("progress");
            // a progress event when the count changed (the last one may repeat it as the job turns completed)
            assertThat(done).isSorted().endsWith(12);
            assertThat(done.subList(0, done.size() - 1)).doesNotHaveDuplicates();
            assertThat(done.size()).as("progress seen while the job ran").isGreaterThan(3);
        }
    }

    @Test
    void a_cancelled_job_stops_frees_its_worker_and_is_gone() throws Exception {
        TestEngine engine = new TestEngine("jobs", 1).hold();
        try (TestServer server = new TestServer(home, c -> c, List.of(engine))) {
            String id = create(server, body(engine.voiceId(), "wav", "\"input\":\"" + sentences(0, 20) + "\""));
            Await.until("the job's first sentence is being synthesized", () -> engine.running() == 1);
            HttpResponse<byte[]> deleted = send(server, HttpRequest.newBuilder(server.uri("/v1/audio/speech/jobs/"
                    + id)).DELETE());
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(json(deleted).get("status").asText()).isEqualTo("cancelled");
            assertThat(server.get("/v1/audio/speech/jobs/" + id).statusCode()).isEqualTo(404);
            engine.release();
            Await.until("the job's directory is deleted", () -> !Files.exists(home.resolve("jobs").resolve(id)));
            Await.until("the engine's worker is free", () -> engine.running() == 0
                    && server.hlas().speech().scheduler().load().get("jobs").admitted() == 0);
            assertThat(engine.calls()).isEqualTo(1);
            // the server still speaks
            assertThat(server.post(TestServer.speechJson(engine.voiceId(), "Still here.", "wav")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void bad_jobs_are_refused_with_the_field_at_fault() throws Exception {
        TestEngine engine = new TestEngine("jobs", 1).hold();
        try (TestServer server = new TestServer(home, c -> c.withJobs(new JobsConfig(200, 1, 1,
                Duration.ofHours(1))), List.of(engine))) {
            String v = engine.voiceId();
            assertError(server.post("/v1/audio/speech/jobs", "{\"model\":\"tts-1\",\"voice\":\"" + v + "\"}"),
                    400, "input");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wav", "\"input\":\"" + "Word. ".repeat(40)
                    + "\"")), 400, "input");
            assertError(server.post("/v1/audio/speech/jobs", body("no-such-voice", "wav", "\"input\":\"Hi.\"")),
                    400, "voice");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wma", "\"input\":\"Hi.\"")), 400,
                    "response_format");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wav",
                    "\"input\":\"<speak>Hi.</speak>\"")), 400, "input_format");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wav", "\"chapters\":[]")), 400, "chapters");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wav", "\"chapters\":[{\"title\":1}]")), 400,
                    "chapters");
            assertError(server.post("/v1/audio/speech/jobs", body(v, "wav",
                    "\"input\":\"Hi.\",\"stream_format\":\"sse\"")), 400, "stream_format");
            assertError(server.post("/v1/audio/speech/jobs", "not json"), 400, null);
            HttpResponse<String> unknown = server.get("/v1/audio/speech/jobs/job_nope");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).at("/error/param").asText()).isEqualTo("id");

            String id = create(server, body(v, "wav", "\"input\":\"" + sentences(0, 3) + "\""));
            // one job per key here: the next is refused until this one ends
            HttpResponse<byte[]> busy = server.post("/v1/audio/speech/jobs", body(v, "wav", "\"input\":\"Hi.\""));
            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> early = server.get("/v1/audio/speech/jobs/" + id + "/content");
            assertThat(early.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(early.body()).at("/error/code").asText()).isEqualTo("job_not_completed");
            engine.release();
            awaitCompleted(server, id);
            assertThat(create(server, body(v, "wav", "\"input\":\"Hi.\""))).isNotEqualTo(id);
        }
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String param) throws IOException {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(text).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("message").asText()).as(text).isNotBlank();
        if (param == null) {
            assertThat(error.get("param").isNull()).as(text).isTrue();
        } else {
            assertThat(error.get("param").asText()).as(text).isEqualTo(param);
        }
    }

}
