package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short replies through the real server: {@code /v1/text/analyze} shows per sentence the language, its confidence
 * and what decided it; the server default (Czech, the first of the default voices, unless {@code
 * --default-language} says otherwise) only decides what the words, the neighbours and a concrete voice leave open.
 */
class ShortReplyLanguageHttpTest {
    @TempDir
    static Path home;
    @TempDir
    static Path englishHome;
    private static TestServer czechDefault;
    private static TestServer englishDefault;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        czechDefault = new TestServer(home);
        englishDefault = new TestServer(englishHome, ShortReplyLanguageHttpTest::englishByDefault);
    }

    private static HlasConfig englishByDefault(HlasConfig c) {
        var v = c.voices();
        return c.withVoices(new VoiceConfig(v.languageDefaults(), v.mirror(), "en"));
    }

    @AfterAll
    static void stop() {
        czechDefault.close();
        englishDefault.close();
    }

    private static JsonNode analyze(TestServer server, Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/text/analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).get("sentences");
    }

    private static List<String> decided(JsonNode sentences) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : sentences) out.add(s.get("language").asText() + "/" + s.get("language_source").asText());
        return out;
    }

    @Test
    void each_sentence_shows_its_language_confidence_and_what_decided_it() throws Exception {
        JsonNode s = analyze(czechDefault, Map.of("input", "Hotovo. OK. The kitchen light is on.", "voice", "alloy"));
        assertThat(decided(s)).containsExactly("cs/default", "en/neighbours", "en/detector");
        assertThat(s.get(2).get("language_confidence").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(s.get(1).get("language_confidence").asDouble()).isLessThan(0.5);
        assertThat(s.get(1).get("detected_language").isNull()).isTrue();
        assertThat(s.get(0).get("detected_language").isNull()).isTrue();
    }

    @Test
    void done_stays_english_under_an_openai_voice_whatever_the_default() throws Exception {
        assertThat(decided(analyze(czechDefault, Map.of("input", "Done.", "voice", "alloy"))))
                .containsExactly("en/detector");
        assertThat(decided(analyze(englishDefault, Map.of("input", "Hotovo.", "voice", "alloy"))))
                .containsExactly("cs/detector"); // Czech or Slovak, English ruled out: the first of the two
        assertThat(decided(analyze(englishDefault, Map.of("input", "Zapnuto.", "voice", "nova"))))
                .containsExactly("cs/detector");
    }

    @Test
    void the_default_language_decides_only_what_nothing_else_does() throws Exception {
        assertThat(decided(analyze(czechDefault, Map.of("input", "OK.")))).containsExactly("cs/default");
        assertThat(decided(analyze(englishDefault, Map.of("input", "OK.")))).containsExactly("en/default");
    }

    @Test
    void a_concrete_voice_reads_an_ambiguous_reply_in_its_own_language() throws Exception {
        JsonNode s = analyze(englishDefault, Map.of("input", "OK. Super.", "voice", "espeak:cs"));
        assertThat(decided(s)).containsExactly("cs/voice", "cs/voice");
        assertThat(s.get(0).get("text").asText()).isEqualTo("OK.");
        assertThat(decided(analyze(englishDefault, Map.of("input", "Hotovo.", "voice", "espeak:sk"))))
                .containsExactly("sk/voice");
        assertThat(decided(analyze(czechDefault, Map.of("input", "Done.", "voice", "espeak:cs"))))
                .containsExactly("en/detector");
    }

    @Test
    void the_request_lang_decides_every_sentence() throws Exception {
        assertThat(decided(analyze(czechDefault, Map.of("input", "Done. Hotovo.", "lang", "sk"))))
                .containsExactly("sk/request", "sk/request");
    }
}
