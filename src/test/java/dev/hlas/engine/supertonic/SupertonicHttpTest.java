package dev.hlas.engine.supertonic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Compute;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Estimator;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The whole path: real server on port 0, real HTTP client, Supertonic model installed in a temporary HLAS_HOME. */
class SupertonicHttpTest {
    @TempDir
    static Path home;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path model = SyntheticSupertonicModel.write(home.resolve("model"), Estimator.DAMPING, Compute.NONE,
                "F1", "F3", "M1");
        StoreInstall.commit(new VoiceStore(home), model, "supertonic-3", "supertonic");
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<byte[]> post(String body) throws Exception {
        return server.post(body);
    }

    /** Samples the synthetic model gives for one sentence at request speed 1: trimmed chunk + 0.3 s pause. */
    private static int expectedSamples(String text, String lang) {
        long ids = SupertonicText.prepare(text, lang).chars().filter(c -> SyntheticSupertonicModel.id(c) > 0).count();
        return (int) (ids * 0.06f / 1.05 * 44100) + 13230;
    }

    private static void assertWav(HttpResponse<byte[]> response, int samples) {
        byte[] wav = response.body();
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(b.getInt(24)).isEqualTo(44100);
        assertThat((wav.length - 44) / 2).isEqualTo(samples);
        short peak = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) peak = (short) Math.max(peak, Math.abs(b.getShort(i)));
        assertThat(peak).isGreaterThan((short) 3000);
    }

    @Test
    void czech_speech_over_http_at_44100_hz() throws Exception {
        String text = "Dobrý den, jak se máte? Příliš žluťoučký kůň.";
        HttpResponse<byte[]> r = post("""
                {"model":"tts-1","input":"%s","voice":"supertonic-3:F1","response_format":"wav","lang":"cs"}
                """.formatted(text));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voice")).hasValue("supertonic-3:F1");
        assertThat(r.headers().firstValue("X-Language")).hasValue("cs");
        assertThat(r.headers().firstValue("X-Sample-Rate")).hasValue("44100");
        assertWav(r, expectedSamples("Dobrý den, jak se máte?", "cs") + expectedSamples("Příliš žluťoučký kůň.", "cs"));
    }

    @Test
    void english_through_an_openai_voice_name_routes_to_supertonic_when_piper_is_not_installed() throws Exception {
        HttpResponse<byte[]> r = post("""
                {"model":"tts-1","input":"Hello world, this is Hlas.","voice":"nova","response_format":"wav",
                 "lang":"en","total_steps":8}
                """);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voice")).hasValue("supertonic-3:F3");
        assertWav(r, expectedSamples("Hello world, this is Hlas.", "en"));
    }

    @Test
    void the_same_request_gives_the_same_bytes() throws Exception {
        String body = """
                {"model":"tts-1","input":"Ahoj, světe.","voice":"supertonic-3:M1","response_format":"wav","lang":"cs"}
                """;
        byte[] first = post(body).body();
        assertThat(post(body).body()).isEqualTo(first);
        assertThat(post(body.replace("M1", "F1")).body()).isNotEqualTo(first);
    }

    @Test
    void total_steps_outside_1_to_50_is_a_400_naming_the_parameter() throws Exception {
        for (String steps : new String[]{"0", "51", "2.5"}) {
            HttpResponse<byte[]> r = post("""
                    {"model":"tts-1","input":"Ahoj.","voice":"supertonic-3:F1","total_steps":%s}
                    """.formatted(steps));
            assertThat(r.statusCode()).as("total_steps %s", steps).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("param").asText()).isEqualTo("total_steps");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void the_voice_list_shows_the_styles_with_their_languages_and_licence() throws Exception {
        JsonNode voices = JSON.readTree(server.get("/v1/audio/voices").body()).get("voices");
        JsonNode f1 = null;
        JsonNode nova = null;
        for (JsonNode v : voices) {
            if (v.get("id").asText().equals("supertonic-3:F1")) f1 = v;
            if (v.get("id").asText().equals("nova")) nova = v;
        }
        assertThat(f1).isNotNull();
        assertThat(f1.get("licence").asText()).isEqualTo("OpenRAIL-M");
        assertThat(f1.get("sample_rate").asInt()).isEqualTo(44100);
        assertThat(f1.get("languages")).hasSize(31);
        assertThat(f1.get("languages").get(0).asText()).isEqualTo("cs");
        assertThat(f1.get("languages").get(1).asText()).isEqualTo("en");
        assertThat(nova.get("voices").get("cs").asText()).isEqualTo("supertonic-3:F3");
    }

    @Test
    void captions_spread_each_chunks_audio_over_its_words() throws Exception {
        String text = "Dobrý den, jak se máte?";
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", """
                {"model":"tts-1","input":"%s","voice":"supertonic-3:F1","response_format":"wav","lang":"cs"}
                """.formatted(text));
        assertThat(r.statusCode()).isEqualTo(200);
        var doc = JSON.readTree(r.body());
        var words = doc.get("words");
        assertThat(words.size()).isEqualTo(5);
        double last = 0;
        for (var w : words) {
            assertThat(w.get("estimated").asBoolean()).isTrue();
            assertThat(text.substring(w.get("char_start").asInt(), w.get("char_end").asInt()))
                    .isEqualTo(w.get("word").asText());
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(last);
            last = w.get("end").asDouble();
        }
        assertThat(words.get(0).get("start").asDouble()).isZero();
        // The last word ends with the speech: what follows is the sentence pause (0.3 s).
        assertThat((doc.get("duration").asDouble() - last) * 44100).isCloseTo(13230, within(2.0));
    }
}
