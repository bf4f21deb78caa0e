package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The real server with a generated Kokoro install under its HLAS_HOME, driven by the JDK HTTP client. */
class KokoroHttpTest {
    @TempDir
    static Path home;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        KokoroFixtures.installInStore(new VoiceStore(home), SyntheticKokoroModel.Flavour.V1_0);
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<InputStream> speech(String json) throws Exception {
        return server.http().send(server.speechRequest(json).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String body(String input, String voice) throws Exception {
        return JSON.writeValueAsString(Map.of("model", "tts-1", "input", input, "voice", voice,
                "response_format", "pcm"));
    }

    @Test
    void a_long_text_streams_as_several_model_chunks_of_24khz_audio() throws Exception {
        String sentence = "The committee met on Tuesday to review the budget, which had grown considerably over the "
                + "previous year; several members asked for a detailed breakdown of the spending, and the chair "
                + "promised to provide one before the next meeting.";
        HttpResponse<InputStream> response = speech(body(sentence + " " + sentence, "af_heart"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Sample-Rate")).hasValue("24000");
        assertThat(response.headers().firstValue("X-Voice")).hasValue("af_heart");

        // Read the stream as it arrives; the body is 16-bit PCM of the model's sines, one per model run.
        List<Integer> reads = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                reads.add(n);
                all.write(buf, 0, n);
            }
        }
        short[] pcm = new short[all.size() / 2];
        ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);

        // Expected model runs, computed from the stages themselves: the first sentence cut after its first clause
        // (FirstChunk), the second whole; each piece → phonemes → ≤510 chunks.
        KokoroPhonemizer phonemizer = new KokoroPhonemizer(EspeakNative.load(null, null));
        List<String> pieces = new ArrayList<>();
        FirstChunk.CLAUSE.split(new Utterance(sentence, "en")).forEach(u -> pieces.add(u.text()));
        pieces.add(sentence);
        List<Integer> expectedRuns = new ArrayList<>();
        for (String piece : pieces) {
            for (String chunk : KokoroChunker.whole().split(
                    phonemizer.phonemize(piece, KokoroLanguage.AMERICAN_ENGLISH))) {
                expectedRuns.add((KokoroVocab.encode(chunk).length + 2) * 600);
            }
        }
        assertThat(pieces).hasSize(3);
        assertThat(expectedRuns.size()).as("model runs").isGreaterThanOrEqualTo(3);
        assertThat(pcm.length).isEqualTo(expectedRuns.stream().mapToInt(Integer::intValue).sum());
        // Each run is its own sine from phase 0, at af_heart's style for that run's length.
        int at = 0;
        for (int run : expectedRuns) {
            int tokens = run / 600 - 2;
            double f = SyntheticKokoroModel.BASE_FREQUENCY + 0.010 + tokens * KokoroFixtures.ROW_STEP;
            assertThat(pcm[at]).isZero();
            assertThat(pcm[at + 100] / 32767.0).as("run at sample " + at).isCloseTo(0.5 * Math.sin(100 * f),
                    within(1e-4));
            at += run;
        }
        assertThat(expectedRuns.getFirst() / 600 - 2).as("first chunk's tokens").isLessThanOrEqualTo(100);
        assertThat(reads.size()).isGreaterThan(1);
    }

    @Test
    void voices_list_kokoro_voices_with_language_and_gender() throws Exception {
        HttpResponse<String> response = server.get("/v1/audio/voices");
        JsonNode voices = JSON.readTree(response.body()).get("voices");
        JsonNode fable = null;
        for (JsonNode v : voices) if (v.get("id").asText().equals("bm_fable")) fable = v;
        assertThat(fable).isNotNull();
        assertThat(fable.get("engine").asText()).isEqualTo("kokoro");
        assertThat(fable.get("language").asText()).isEqualTo("en-gb");
        assertThat(fable.get("gender").asText()).isEqualTo("male");
        assertThat(fable.get("sample_rate").asInt()).isEqualTo(24000);
    }

    @Test
    void openai_names_route_english_to_kokoro_and_czech_elsewhere() throws Exception {
        HttpResponse<InputStream> english = speech(body("Hello there.", "echo"));
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("X-Voice")).hasValue("am_echo");
        english.body().close();
        HttpResponse<InputStream> czech = speech(body("Dobrý den, jak se máte?", "echo"));
        assertThat(czech.statusCode()).isEqualTo(200);
        assertThat(czech.headers().firstValue("X-Voice").orElseThrow()).doesNotContain("echo").startsWith("espeak:");
        czech.body().close();
    }

    @Test
    void a_blend_speaks_and_an_unknown_component_is_a_400_naming_it() throws Exception {
        HttpResponse<InputStream> ok = speech(body("Hello there.", "af_bella(2)+af_sky(1)"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Voice")).hasValue("af_bella(2)+af_sky(1)");
        ok.body().close();

        HttpResponse<InputStream> bad = speech(body("Hello there.", "af_bella(2)+af_nosuch(1)"));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(bad.body().readAllBytes()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("voice");
        assertThat(error.get("message").asText()).contains("af_nosuch");
    }

    @Test
    void an_export_without_durations_gets_estimated_word_times() throws Exception {
        String input = "Hello brave new world.";
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", JSON.writeValueAsString(Map.of("model", "tts-1",
                "input", input, "voice", "af_heart", "response_format", "wav")));
        assertThat(r.statusCode()).isEqualTo(200);
        var doc = JSON.readTree(r.body());
        assertThat(doc.get("words").size()).isEqualTo(4);
        double last = 0;
        for (var w : doc.get("words")) {
            assertThat(w.get("estimated").asBoolean()).isTrue();
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(last);
            last = w.get("end").asDouble();
        }
        assertThat(last).isLessThanOrEqualTo(doc.get("duration").asDouble());
    }
}
