package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.audio.AudioModel;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.Multipart;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * {@code /v1/audio/transcriptions} and {@code /v1/audio/translations} on the real server with the real whisper.cpp
 * and a generated model: the words are random, so the tests check shapes, timestamps, limits and errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscriptionApiTest {
    static final String MODEL = "whisper-tiny-test";
    static final long UPLOAD_LIMIT = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    Path home;
    TestServer server;
    /** The same recording in every container the endpoint must read, by file extension. */
    final Map<String, byte[]> recordings = new LinkedHashMap<>();
    double seconds;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        home = dir;
        installModel(home);
        server = new TestServer(home, c -> c.withStt(c.stt().withThreads(1).withMaxUploadBytes(UPLOAD_LIMIT)));
        HttpResponse<byte[]> speech = server.post(TestServer.speechJson("alloy", "Hello, this is a test.", "wav"));
        assertThat(speech.statusCode()).isEqualTo(200);
        Path wav = home.resolve("speech.wav");
        Files.write(wav, speech.body());
        recordings.put("wav", speech.body());
        for (String[] f : new String[][] {{"mp3", "libmp3lame"}, {"ogg", "libopus"}, {"flac", "flac"},
                {"m4a", "aac"}, {"webm", "libopus"}}) {
            recordings.put(f[0], ffmpeg(wav, f[0], f[1]));
        }
        seconds = Wav.parse(speech.body()).seconds();
    }

    static void installModel(Path home) throws IOException {
        Path dir = Files.createDirectories(home.resolve("model-src"));
        TinyWhisperModel.tiny().writeTo(dir.resolve("ggml-tiny-test.bin"));
        StoreInstall.commit(new VoiceStore(home), dir, MODEL, WhisperRecognizer.ENGINE);
    }

    private byte[] ffmpeg(Path wav, String ext, String codec) throws Exception {
        Path out = home.resolve("speech." + ext);
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-c:a", codec,
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg %s: %s", ext, log).isZero();
        return Files.readAllBytes(out);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    HttpResponse<String> post(String path, Multipart form) throws Exception {
        return post(path, form.contentType(), form.bytes());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return server.http().send(request, HttpResponse.BodyHandlers.ofString());
    }

    Multipart upload(String ext) {
        return new Multipart().file("file", "speech." + ext, "application/octet-stream", recordings.get(ext))
                .field("model", "whisper-1");
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static void assertSegmentsInOrder(JsonNode segments, double duration) {
        assertThat(segments.size()).isPositive();
        double last = 0;
        for (JsonNode s : segments) {
            double start = s.get("start").asDouble();
            double end = s.get("end").asDouble();
            assertThat(start).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(end);
            assertThat(end).isLessThanOrEqualTo(duration + 0.001);
            assertThat(s.has("id") && s.has("text") && s.has("tokens") && s.has("avg_logprob")
                    && s.has("no_speech_prob")).isTrue();
            last = start;
        }
    }

    @Test
    void every_input_format_decodes_to_the_length_of_the_recording() throws Exception {
        for (String ext : recordings.keySet()) {
            HttpResponse<String> r = post("/v1/audio/transcriptions",
                    upload(ext).field("response_format", "verbose_json").field("language", "en"));
            assertThat(r.statusCode()).as("%s: %s", ext, r.body()).isEqualTo(200);
            JsonNode body = json(r);
            // lossy codecs pad the start (encoder delay); the length stays within a few frames
            assertThat(body.get("duration").asDouble()).as(ext).isCloseTo(seconds, offset(0.08));
            assertThat(body.get("task").asText()).isEqualTo("transcribe");
            assertThat(body.get("language").asText()).isEqualTo("english");
            assertSegmentsInOrder(body.get("segments"), body.get("duration").asDouble());
            assertThat(body.has("words")).isFalse();
        }
    }

    @Test
    void each_response_format_has_its_shape() throws Exception {
        HttpResponse<String> json = post("/v1/audio/transcriptions", upload("wav"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(json).get("text").asText()).isNotBlank();
        assertThat(json.headers().firstValue("X-Model")).contains(MODEL);

        HttpResponse<String> text = post("/v1/audio/transcriptions", upload("wav").field("response_format", "text"));
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text.body()).endsWith("\n").doesNotContain("{");

        HttpResponse<String> srt = post("/v1/audio/transcriptions", upload("wav").field("response_format", "srt"));
        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(srt.body()).matches("(?s)1\n\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}\n.+");

        HttpResponse<String> vtt = post("/v1/audio/transcriptions", upload("wav").field("response_format", "vtt"));
        assertThat(vtt.headers().firstValue("Content-Type").orElse("")).startsWith("text/vtt");
        assertThat(vtt.body()).startsWith("WEBVTT\n\n")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\n");

        HttpResponse<String> words = post("/v1/audio/transcriptions", upload("wav")
                .field("response_format", "verbose_json").field("timestamp_granularities[]", "word")
                .field("timestamp_granularities[]", "segment"));
        assertThat(words.statusCode()).isEqualTo(200);
        JsonNode body = json(words);
        assertSegmentsInOrder(body.get("segments"), body.get("duration").asDouble());
        double last = 0;
        assertThat(body.get("words").size()).isPositive();
        for (JsonNode w : body.get("words")) {
            assertThat(w.get("word").asText()).isNotBlank();
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(w.get("end").asDouble());
            last = w.get("start").asDouble();
        }
        HttpResponse<String> onlyWords = post("/v1/audio/transcriptions", upload("wav")
                .field("response_format", "verbose_json").field("timestamp_granularities[]", "word"));
        assertThat(json(onlyWords).has("segments")).isFalse();
        assertThat(json(onlyWords).has("words")).isTrue();
    }

    @Test
    void timestamp_granularities_need_verbose_json() throws Exception {
        for (String format : List.of("json", "text", "srt", "vtt")) {
            HttpResponse<String> r = post("/v1/audio/transcriptions", upload("wav")
                    .field("response_format", format).field("timestamp_granularities[]", "segment"));
            assertError(r, 400, "timestamp_granularities");
        }
        assertError(post("/v1/audio/transcriptions", upload("wav").field("response_format", "verbose_json")
                .field("timestamp_granularities[]", "sentence")), 400, "timestamp_granularities");
    }

    @Test
    void stream_true_sends_text_deltas_then_done() throws Exception {
        HttpResponse<String> r = post("/v1/audio/transcriptions", upload("wav").field("stream", "true"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            if (block.isBlank()) continue;
            assertThat(block).startsWith("data: ");
            events.add(JSON.readTree(block.substring("data: ".length())));
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        StringBuilder text = new StringBuilder();
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertThat(e.get("type").asText()).isEqualTo("transcript.text.delta");
            text.append(e.get("delta").asText());
        }
        JsonNode done = events.getLast();
        assertThat(done.get("type").asText()).isEqualTo("transcript.text.done");
        assertThat(done.get("text").asText()).isEqualTo(text.toString().trim());
        assertThat(done.get("usage").get("seconds").asInt()).isPositive();
        assertError(post("/v1/audio/transcriptions", upload("wav").field("stream", "true")
                .field("response_format", "srt")), 400, "stream");
    }

    @Test
    void translations_answer_with_the_translate_task() throws Exception {
        HttpResponse<String> r = post("/v1/audio/translations", upload("mp3").field("response_format", "verbose_json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("task").asText()).isEqualTo("translate");
        assertThat(json(r).get("language").asText()).isEqualTo("english");
        assertThat(post("/v1/audio/translations", upload("wav").field("response_format", "srt")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void diarization_fields_are_refused_by_name_and_advanced_is_ignored() throws Exception {
        assertError(post("/v1/audio/transcriptions", upload("wav").field("diarize", "true")), 400, "diarize");
        assertError(post("/v1/audio/transcriptions", upload("wav").field("min_speakers", "2")), 400, "min_speakers");
        assertError(post("/v1/audio/transcriptions", upload("wav").field("max_speakers", "3")), 400, "max_speakers");
        assertThat(post("/v1/audio/transcriptions", upload("wav").field("diarize", "false")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/audio/transcriptions", upload("wav").field("advanced", "{\"vad\":true}")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void bad_fields_and_multipart_abuse_get_the_error_envelope() throws Exception {
        String path = "/v1/audio/transcriptions";
        assertError(post(path, new Multipart().field("model", "whisper-1")), 400, "file");
        assertError(post(path, upload("wav").file("file", "b.wav", "audio/wav", recordings.get("wav"))), 400, "file");
        assertError(post(path, "application/json", "{\"model\":\"whisper-1\"}".getBytes(StandardCharsets.UTF_8)),
                400, "file");
        assertError(post(path, new Multipart().file("file", "noise.mp3", "audio/mpeg",
                "this is not audio at all, just text".repeat(40).getBytes(StandardCharsets.UTF_8))), 400, "file");
        assertError(post(path, new Multipart().file("file", "empty.wav", "audio/wav", new byte[0])), 400, "file");
        assertError(post(path, new Multipart().file("file", "big.wav", "audio/wav", new byte[(int) UPLOAD_LIMIT + 10])),
                413, "file");
        assertError(post(path, upload("wav").field("prompt", "x".repeat((int) UPLOAD_LIMIT + 2048))), 413, "file");
        assertError(post(path, upload("wav").field("prompt", "x".repeat(5000))), 400, "prompt");
        assertError(post(path, upload("wav").field("language", "english!")), 400, "language");
        assertError(post(path, upload("wav").field("temperature", "7")), 400, "temperature");
        assertError(post(path, upload("wav").field("response_format", "docx")), 400, "response_format");
        assertError(post(path, upload("wav").field("model", "whisper-huge")), 400, "model");
        byte[] truncated = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nabc"
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> broken = post(path, "multipart/form-data; boundary=x", truncated);
        assertThat(broken.statusCode()).isBetween(400, 499);
        assertThat(json(broken).get("error").get("message").asText()).isNotBlank();
    }

    @Test
    void models_lists_the_recognition_models_apart_from_speech() throws Exception {
        JsonNode data = JSON.readTree(server.get("/v1/models").body()).get("data");
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode m : data) types.put(m.get("id").asText(), m.path("type").asText(""));
        assertThat(types).containsEntry(MODEL, "speech-to-text").containsEntry("whisper-1", "speech-to-text")
                .containsEntry("tts-1", "");
        JsonNode one = JSON.readTree(server.get("/v1/models/" + MODEL).body());
        assertThat(one.get("engine").asText()).isEqualTo("whisper");
    }

    @Test
    void the_openai_java_sdk_transcribes() throws Exception {
        Path mp3 = home.resolve("speech.mp3");
        TranscriptionCreateResponse response = server.openAi().audio().transcriptions().create(
                TranscriptionCreateParams.builder().file(mp3).model(AudioModel.WHISPER_1).build());
        assertThat(response.asTranscription().text()).isNotBlank();
        TranscriptionCreateResponse verbose = server.openAi().audio().transcriptions().create(
                TranscriptionCreateParams.builder().file(mp3).model(AudioModel.WHISPER_1)
                        .responseFormat(AudioResponseFormat.VERBOSE_JSON).language("en").build());
        assertThat(verbose.isVerbose()).isTrue();
        assertThat(verbose.asVerbose().segments().orElseThrow()).isNotEmpty();
    }

    static void assertError(HttpResponse<String> r, int status, String param) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = json(r).get("error");
        assertThat(error.get("param").asText()).as(r.body()).isEqualTo(param);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }
}
