package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text front-end through the real server: {@code POST /v1/text/analyze} and per-sentence language routing in
 * {@code POST /v1/audio/speech} for mixed Czech and English input.
 */
class TextFrontEndHttpTest {
    private static final String MIXED = "Dobrý den, vítejte na konferenci. The keynote starts at 10:30 today. "
            + "Přednáška končí 21. listopadu ve 3. sále.";
    @TempDir
    static Path home;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<byte[]> post(String path, Object body) throws Exception {
        return server.post(path, new String(Json.bytes(body), StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void analyze_shows_sentences_languages_voices_and_original_offsets() throws Exception {
        HttpResponse<byte[]> response = post("/v1/text/analyze", Map.of("input", MIXED, "voice", "alloy"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode sentences = body.get("sentences");
        assertThat(sentences).hasSize(3);
        assertThat(sentences.get(0).get("language").asText()).isEqualTo("cs");
        assertThat(sentences.get(1).get("language").asText()).isEqualTo("en");
        assertThat(sentences.get(2).get("language").asText()).isEqualTo("cs");
        assertThat(sentences.get(0).get("voice").asText()).startsWith("espeak:cs");
        assertThat(sentences.get(1).get("voice").asText()).startsWith("espeak:en");
        assertThat(sentences.get(1).get("text").asText()).isEqualTo("The keynote starts at ten thirty today.");
        assertThat(sentences.get(2).get("text").asText())
                .isEqualTo("Přednáška končí dvacátého prvního listopadu ve třetím sále.");
        for (JsonNode s : sentences) {
            assertThat(MIXED.substring(s.get("start").asInt(), s.get("end").asInt()))
                    .isEqualTo(s.get("original").asText());
        }
        assertThat(sentences.get(1).get("original").asText()).isEqualTo("The keynote starts at 10:30 today.");
        assertThat(response.headers().firstValue("X-Language")).hasValue("cs,en");
    }

    @Test
    void offset_map_points_each_spoken_number_back_at_what_was_written() throws Exception {
        String input = "Cena je 1 500,50 Kč.";
        JsonNode s = json(post("/v1/text/analyze", Map.of("input", input, "lang", "cs"))).get("sentences").get(0);
        String text = s.get("text").asText();
        assertThat(text).isEqualTo("Cena je tisíc pět set korun padesát haléřů.");
        List<String> originals = new ArrayList<>();
        for (JsonNode span : s.get("spans")) {
            String spoken = text.substring(span.get("start").asInt(), span.get("end").asInt());
            if (spoken.contains("korun")) {
                originals.add(input.substring(span.get("original_start").asInt(), span.get("original_end").asInt()));
            }
        }
        assertThat(originals).containsExactly("1 500,50 Kč");
    }

    @Test
    void explicit_lang_overrides_detection_for_every_sentence() throws Exception {
        JsonNode body = json(post("/v1/text/analyze", Map.of("input", MIXED, "lang", "en")));
        assertThat(body.get("languages")).hasSize(1);
        assertThat(body.get("languages").get(0).asText()).isEqualTo("en");
    }

    @Test
    void normalize_false_leaves_the_text_as_written() throws Exception {
        JsonNode s = json(post("/v1/text/analyze", Map.of("input", "Dnes je 21. listopadu.", "normalize", false)))
                .get("sentences").get(0);
        assertThat(s.get("text").asText()).isEqualTo("Dnes je 21. listopadu.");
        assertThat(s.get("language").asText()).isEqualTo("cs");
    }

    @Test
    void bad_analyze_requests_are_400_in_the_openai_envelope() throws Exception {
        HttpResponse<byte[]> missing = post("/v1/text/analyze", Map.of("voice", "alloy"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).at("/error/param").asText()).isEqualTo("input");
        HttpResponse<byte[]> badLang = post("/v1/text/analyze", Map.of("input", "Hi.", "lang", "123"));
        assertThat(badLang.statusCode()).isEqualTo(400);
        assertThat(json(badLang).at("/error/param").asText()).isEqualTo("lang");
        HttpResponse<byte[]> badVoice = post("/v1/text/analyze", Map.of("input", "Hi.", "voice", "nobody"));
        assertThat(badVoice.statusCode()).isEqualTo(400);
        assertThat(json(badVoice).at("/error/param").asText()).isEqualTo("voice");
        HttpResponse<byte[]> badNormalize = post("/v1/text/analyze", Map.of("input", "Hi.", "normalize", "no"));
        assertThat(badNormalize.statusCode()).isEqualTo(400);
        assertThat(json(badNormalize).at("/error/param").asText()).isEqualTo("normalize");
    }

    @Test
    void speech_routes_each_sentence_to_a_voice_of_its_language() throws Exception {
        HttpResponse<byte[]> response = post("/v1/audio/speech", Map.of("model", "tts-1", "input", MIXED,
                "voice", "alloy", "response_format", "wav"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Language")).hasValue("cs,en");
        String[] voices = response.headers().firstValue("X-Voice").orElseThrow().split(",");
        assertThat(voices).hasSize(2);
        assertThat(voices[0]).startsWith("espeak:cs");
        assertThat(voices[1]).startsWith("espeak:en");
        assertThat(response.body().length).isGreaterThan(44 + 24_000);
    }

    @Test
    void speech_lang_field_sends_everything_to_one_voice() throws Exception {
        HttpResponse<byte[]> response = post("/v1/audio/speech", Map.of("model", "tts-1", "input", MIXED,
                "voice", "alloy", "response_format", "pcm", "lang", "cs"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Language")).hasValue("cs");
        assertThat(response.headers().firstValue("X-Voice").orElseThrow()).doesNotContain(",");
    }
}
