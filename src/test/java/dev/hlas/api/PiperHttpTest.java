package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The full HTTP path: the official OpenAI Java SDK → the real server → Piper voices on ONNX Runtime → WAV. */
class PiperHttpTest {
    static final int SILENCE = 4410; // 0.2 s at 22050 Hz after each sentence
    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient client;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, Spec.single("en_US-lessac-medium", "en-us", "en_US"));
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ").withOutputRank(3));
        SyntheticPiperVoice.install(store, Spec.multi("en_US-libritts_r-medium", "en-us", "en_US",
                List.of("p0", "p1", "p123")));
        server = new TestServer(home);
        client = server.openAi();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static byte[] speech(String voice, String input, String speaker) throws Exception {
        SpeechCreateParams.Builder b = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input(input).voice(voice)
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV);
        if (speaker != null) b.putAdditionalBodyProperty("speaker", JsonValue.from(speaker));
        try (HttpResponse r = client.audio().speech().create(b.build())) {
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().readAllBytes();
        }
    }

    private static int sampleRate(byte[] wav) {
        return ByteBuffer.wrap(wav, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void openai_voice_name_speaks_english_with_the_installed_piper_voice() throws Exception {
        byte[] wav = speech("alloy", "This is a test.", null);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(sampleRate(wav)).isEqualTo(22050);
        // 33 ids → 33·256 samples from the synthetic model, then the sentence silence; 2 bytes per sample
        assertThat((wav.length - 44) / 2).isEqualTo(33 * 256 + SILENCE);
    }

    @Test
    void czech_text_routes_to_jirka_and_speed_shortens_it() throws Exception {
        SpeechCreateParams p = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Dobrý den.")
                .voice("cs_CZ-jirka-medium").responseFormat(SpeechCreateParams.ResponseFormat.WAV).speed(2.0).build();
        try (HttpResponse r = client.audio().speech().create(p)) {
            byte[] wav = r.body().readAllBytes();
            assertThat((wav.length - 44) / 2).isEqualTo(15 * 256 + SILENCE); // ceil(29 · 0.5) = 15 frames
        }
    }

    @Test
    void a_speaker_of_a_multi_speaker_voice_is_chosen_by_field_or_by_id() throws Exception {
        byte[] byField = speech("en_US-libritts_r-medium", "This is a test.", "p123");
        byte[] byId = speech("en_US-libritts_r-medium:p123", "This is a test.", null);
        byte[] p0 = speech("en_US-libritts_r-medium", "This is a test.", null);
        assertThat(byField).isEqualTo(byId).isNotEqualTo(p0);
        assertThatThrownBy(() -> speech("en_US-libritts_r-medium", "This is a test.", "nobody"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).contains("speaker");
                    assertThat(e.getMessage()).contains("nobody");
                });
    }

    @Test
    void a_catalog_voice_that_is_not_installed_names_the_install_command() {
        assertThatThrownBy(() -> speech("en_US-ryan-medium", "Hello.", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).contains("voice");
                    assertThat(e.getMessage()).contains("hlas voices pull en_US-ryan-medium");
                });
    }

    @Test
    void voices_endpoint_lists_piper_voices_with_licence_and_speakers() throws Exception {
        JsonNode voices = get("/v1/audio/voices").path("voices");
        JsonNode jirka = find(voices, "cs_CZ-jirka-medium");
        assertThat(jirka.path("engine").asText()).isEqualTo("piper");
        assertThat(jirka.path("licence").asText()).contains("CC0");
        assertThat(find(voices, "en_US-libritts_r-medium").path("speakers").toString()).contains("p123");
        JsonNode alloy = find(voices, "alloy");
        assertThat(alloy.path("voices").path("cs").asText()).isEqualTo("cs_CZ-jirka-medium");
        assertThat(alloy.path("voices").path("en").asText()).isEqualTo("en_US-lessac-medium");
    }

    @Test
    void phonemes_endpoint_shows_phonemes_and_the_ids_fed_to_the_model() throws Exception {
        JsonNode r = post("/v1/audio/phonemes", "{\"input\":\"This is a test.\",\"voice\":\"alloy\",\"lang\":\"en\"}");
        JsonNode s = r.path("sentences").get(0);
        assertThat(s.path("voice").asText()).isEqualTo("en_US-lessac-medium");
        assertThat(s.path("phonemes").asText()).isEqualTo("ðɪs ɪz ɐ tˈɛst.");
        assertThat(s.path("ids").toString()).isEqualTo("[1,0,41,0,74,0,31,0,3,0,74,0,38,0,3,0,50,0,3,0,32,0,120,0,61,0,"
                + "31,0,32,0,10,0,2]");
        assertThat(s.path("unknown_phonemes").size()).isZero();
        JsonNode error = post("/v1/audio/phonemes", "{\"voice\":\"alloy\"}");
        assertThat(error.path("error").path("param").asText()).isEqualTo("input");
    }

    private static JsonNode find(JsonNode voices, String id) {
        for (JsonNode v : voices) if (v.path("id").asText().equals(id)) return v;
        throw new AssertionError("no voice " + id + " in " + voices);
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(server.get(path).body());
    }

    private static JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(server.post(path, body).body());
    }
}
