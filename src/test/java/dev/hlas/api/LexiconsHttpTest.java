package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pronunciation lexicons over HTTP with real Piper voices (synthetic models, real espeak-ng phonemization): what
 * aliases and phoneme entries do to {@code /v1/audio/phonemes} and {@code /v1/text/analyze}, matching rules, the
 * API, PLS round trip, and the cache key.
 */
class LexiconsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, Spec.single("en_US-lessac-medium", "en-us", "en_US"));
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ"));
        server = new TestServer(home);
        put("brands", """
                {"language": "en", "entries": [
                  {"grapheme": "nginx", "alias": "engine x"},
                  {"grapheme": "Kubernetes", "phonemes": "kˈuːbɚnˈɛtiːz"},
                  {"grapheme": "SQL", "alias": "sequel", "case_sensitive": true}]}""");
        put("czech", """
                {"language": "cs", "entries": [
                  {"grapheme": "ČVUT", "alias": "čé vé u té"},
                  {"grapheme": "Brno", "phonemes": "bˈr̩noː"},
                  {"grapheme": "kg", "alias": "kilo", "whole_word": false}]}""");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return server.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode put(String name, String json) throws Exception {
        HttpResponse<String> r = send("PUT", "/v1/audio/lexicons/" + name, json, "application/json");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return JSON.readTree(r.body());
    }

    static JsonNode post(String path, Map<String, Object> body) throws Exception {
        HttpResponse<byte[]> r = server.post(path, JSON.writeValueAsString(body));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(text).isEqualTo(200);
        return JSON.readTree(text);
    }

    /** The phoneme strings of every model run for {@code input}. */
    static List<String> phonemes(String voice, String input, List<String> lexicons) throws Exception {
        Map<String, Object> body = lexicons == null ? Map.of("input", input, "voice", voice)
                : Map.of("input", input, "voice", voice, "lexicons", lexicons);
        List<String> out = new ArrayList<>();
        for (JsonNode s : post("/v1/audio/phonemes", body).get("sentences")) out.add(s.get("phonemes").asText());
        return out;
    }

    @Test
    void english_alias_reads_exactly_like_the_alias_text() throws Exception {
        assertThat(phonemes("en_US-lessac-medium", "I run nginx today.", List.of("brands")))
                .isEqualTo(phonemes("en_US-lessac-medium", "I run engine x today.", null))
                .isNotEqualTo(phonemes("en_US-lessac-medium", "I run nginx today.", null));
    }

    @Test
    void english_phoneme_entry_is_spliced_into_the_phonemes() throws Exception {
        List<String> with = phonemes("en_US-lessac-medium", "We use Kubernetes daily.", List.of("brands"));
        List<String> before = phonemes("en_US-lessac-medium", "We use", null);
        List<String> after = phonemes("en_US-lessac-medium", "daily.", null);
        String b = before.getFirst().replaceAll("[.]$", "");
        assertThat(with).containsExactly(b + " kˈuːbɚnˈɛtiːz " + after.getFirst());
    }

    @Test
    void czech_alias_and_phonemes() throws Exception {
        assertThat(phonemes("cs_CZ-jirka-medium", "Studuje na ČVUT.", List.of("czech")))
                .isEqualTo(phonemes("cs_CZ-jirka-medium", "Studuje na čé vé u té.", null));
        List<String> brno = phonemes("cs_CZ-jirka-medium", "Jedu do Brno.", List.of("czech"));
        assertThat(brno).hasSize(1);
        assertThat(brno.getFirst()).contains(" bˈr̩noː.").doesNotContain("brno");
    }

    @Test
    void whole_word_matching_leaves_longer_words_alone() throws Exception {
        // "nginxd" and "ČVUTem" contain an entry's grapheme but are other words
        assertThat(phonemes("en_US-lessac-medium", "Start nginxd now.", List.of("brands")))
                .isEqualTo(phonemes("en_US-lessac-medium", "Start nginxd now.", null));
        assertThat(phonemes("cs_CZ-jirka-medium", "Jsem před ČVUTem.", List.of("czech")))
                .isEqualTo(phonemes("cs_CZ-jirka-medium", "Jsem před ČVUTem.", null));
        // an entry with whole_word false does match inside a word
        JsonNode s = post("/v1/text/analyze", Map.of("input", "Balík 5kg.", "lang", "cs", "voice",
                "cs_CZ-jirka-medium", "lexicons", List.of("czech"), "normalize", false)).get("sentences").get(0);
        assertThat(s.get("text").asText()).isEqualTo("Balík 5kilo.");
    }

    @Test
    void case_rules() throws Exception {
        // case-insensitive by default: NGINX and Nginx match; case-sensitive SQL does not match "sql"
        JsonNode s = post("/v1/text/analyze", Map.of("input", "NGINX and Nginx speak SQL, not sql.", "lang", "en",
                "lexicons", List.of("brands"))).get("sentences").get(0);
        assertThat(s.get("text").asText()).isEqualTo("engine x and engine x speak sequel, not sql.");
    }

    @Test
    void analyze_shows_which_entry_matched_where() throws Exception {
        String input = "Kubernetes runs nginx.";
        JsonNode body = post("/v1/text/analyze", Map.of("input", input, "lang", "en", "voice", "en_US-lessac-medium",
                "lexicons", List.of("brands")));
        JsonNode s = body.get("sentences").get(0);
        JsonNode matches = s.get("pronunciations");
        assertThat(matches).hasSize(2);
        assertThat(matches.get(0).get("source").asText()).isEqualTo("lexicon:brands");
        assertThat(matches.get(0).get("grapheme").asText()).isEqualTo("Kubernetes");
        assertThat(matches.get(0).get("phonemes").asText()).isEqualTo("kˈuːbɚnˈɛtiːz");
        assertThat(matches.get(0).get("original_start").asInt()).isZero();
        assertThat(matches.get(0).get("original_end").asInt()).isEqualTo(10);
        assertThat(matches.get(1).get("alias").asText()).isEqualTo("engine x");
        assertThat(input.substring(matches.get(1).get("original_start").asInt(),
                matches.get(1).get("original_end").asInt())).isEqualTo("nginx");
        assertThat(s.get("phonemes_given").get(0).get("text").asText()).isEqualTo("Kubernetes");
        assertThat(body.get("lexicons").get(0).asText()).startsWith("brands@");
        // the phonemes route lists them too
        JsonNode p = post("/v1/audio/phonemes", Map.of("input", input, "voice", "en_US-lessac-medium",
                "lexicons", List.of("brands")));
        assertThat(p.get("sentences").get(0).get("pronunciations")).hasSize(2);
    }

    @Test
    void default_lexicons_apply_when_a_request_names_none() throws Exception {
        Path other = Files.createTempDirectory(home, "defaults");
        Files.createDirectories(other.resolve("lexicons"));
        Files.writeString(other.resolve("lexicons/brands.json"), """
                {"language": "en", "entries": [{"grapheme": "nginx", "alias": "engine x"}]}""");
        try (TestServer s = new TestServer(other, c -> c.withServing(c.serving()
                .withDefaultLexicons(List.of("brands", "missing"))))) {
            HttpResponse<byte[]> r = s.post("/v1/text/analyze", "{\"input\":\"Run nginx.\",\"lang\":\"en\"}");
            assertThat(JSON.readTree(r.body()).get("sentences").get(0).get("text").asText())
                    .isEqualTo("Run engine x.");
            r = s.post("/v1/text/analyze", "{\"input\":\"Run nginx.\",\"lang\":\"en\",\"lexicons\":[]}");
            assertThat(JSON.readTree(r.body()).get("sentences").get(0).get("text").asText()).isEqualTo("Run nginx.");
        }
    }

    @Test
    void unknown_lexicon_is_a_400_naming_the_field() throws Exception {
        HttpResponse<byte[]> r = server.post("/v1/audio/speech", JSON.writeValueAsString(Map.of("model", "tts-1",
                "input", "Hi.", "voice", "alloy", "lexicons", List.of("nope"))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").get("param").asText()).isEqualTo("lexicons");
    }

    @Test
    void crud_list_and_bad_bodies() throws Exception {
        assertThat(put("tmp", "{\"entries\": [{\"grapheme\": \"a\", \"alias\": \"b\"}]}").get("name").asText())
                .isEqualTo("tmp");
        JsonNode list = JSON.readTree(server.get("/v1/audio/lexicons").body());
        assertThat(list.get("data").findValuesAsText("name")).contains("brands", "czech", "tmp");
        assertThat(Files.exists(home.resolve("lexicons/tmp.json"))).isTrue();
        assertThat(send("DELETE", "/v1/audio/lexicons/tmp", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/audio/lexicons/tmp", null, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/audio/lexicons/tmp", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = send("PUT", "/v1/audio/lexicons/tmp",
                "{\"entries\": [{\"grapheme\": \"a\"}]}", "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").get("param").asText()).isEqualTo("entries[0]");
        assertThat(send("PUT", "/v1/audio/lexicons/Bad%20Name", "{\"entries\": []}", "application/json")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void pls_round_trip_keeps_every_entry_and_option() throws Exception {
        JsonNode original = JSON.readTree(send("GET", "/v1/audio/lexicons/brands", null, null).body());
        HttpResponse<String> pls = send("GET", "/v1/audio/lexicons/brands?format=pls", null, null);
        assertThat(pls.headers().firstValue("Content-Type").orElse("")).startsWith("application/pls+xml");
        assertThat(pls.body()).contains("<lexicon", "http://www.w3.org/2005/01/pronunciation-lexicon",
                "<grapheme>Kubernetes</grapheme>", "<phoneme>kˈuːbɚnˈɛtiːz</phoneme>", "xml:lang=\"en\"");
        JsonNode copy = JSON.readTree(send("PUT", "/v1/audio/lexicons/brands-copy", pls.body(),
                "application/pls+xml").body());
        assertThat(copy.get("entries")).isEqualTo(original.get("entries"));
        assertThat(copy.get("language")).isEqualTo(original.get("language"));
        // a PLS from elsewhere: several graphemes per lexeme, a preferred phoneme, role ignored
        JsonNode imported = JSON.readTree(send("PUT", "/v1/audio/lexicons/w3c", """
                <?xml version="1.0" encoding="UTF-8"?>
                <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
                         alphabet="ipa" xml:lang="en-US">
                  <lexeme role="noun"><grapheme>tomato</grapheme><grapheme>Tomato</grapheme>
                    <phoneme>təˈmeɪtoʊ</phoneme><phoneme prefer="true">təˈmɑːtoʊ</phoneme></lexeme>
                  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
                </lexicon>""", "application/pls+xml").body());
        assertThat(imported.get("language").asText()).isEqualTo("en");
        assertThat(imported.get("entries")).hasSize(3);
        assertThat(imported.get("entries").get(0).get("phonemes").asText()).isEqualTo("təˈmɑːtoʊ");
        assertThat(imported.get("entries").get(2).get("alias").asText()).isEqualTo("World Wide Web Consortium");
    }

    @Test
    void pls_in_x_sampa_is_stored_as_ipa() throws Exception {
        JsonNode imported = JSON.readTree(send("PUT", "/v1/audio/lexicons/xsampa", """
                <?xml version="1.0" encoding="UTF-8"?>
                <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
                         alphabet="x-sampa" xml:lang="cs">
                  <lexeme><grapheme>Brno</grapheme><phoneme>"br=no:</phoneme></lexeme>
                  <lexeme><grapheme>Ostrava</grapheme><phoneme alphabet="ipa">ˈostrava</phoneme></lexeme>
                </lexicon>""", "application/pls+xml").body());
        assertThat(imported.get("entries")).extracting(e -> e.get("phonemes").asText())
                .containsExactly("ˈbr̩noː", "ˈostrava");
        HttpResponse<String> other = send("PUT", "/v1/audio/lexicons/arpabet", """
                <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
                         alphabet="arpabet" xml:lang="en"><lexeme><grapheme>a</grapheme><phoneme>AH0</phoneme>
                </lexeme></lexicon>""", "application/pls+xml");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("x-sampa");
        send("DELETE", "/v1/audio/lexicons/xsampa", null, null);
    }

    @Test
    void hostile_pls_is_refused() throws Exception {
        HttpResponse<String> r = send("PUT", "/v1/audio/lexicons/evil", """
                <?xml version="1.0"?>
                <!DOCTYPE lexicon [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa">
                  <lexeme><grapheme>a</grapheme><alias>&x;</alias></lexeme></lexicon>""", "application/pls+xml");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("root:");
    }

    @Test
    void cache_key_changes_when_the_lexicon_changes() throws Exception {
        put("mutable", "{\"language\": \"en\", \"entries\": [{\"grapheme\": \"zork\", \"alias\": \"york\"}]}");
        String speech = JSON.writeValueAsString(Map.of("model", "tts-1", "input", "Hello zork.", "voice",
                "en_US-lessac-medium", "response_format", "wav", "lexicons", List.of("mutable")));
        assertThat(server.post(speech).headers().firstValue("X-Cache")).hasValue("miss");
        assertThat(server.post(speech).headers().firstValue("X-Cache")).hasValue("hit");
        // same alias text, different phonemes option: still another lexicon version
        put("mutable", "{\"language\": \"en\", \"entries\": [{\"grapheme\": \"zork\", \"alias\": \"york\", "
                + "\"case_sensitive\": true}]}");
        assertThat(server.post(speech).headers().firstValue("X-Cache")).hasValue("miss");
        put("mutable", "{\"language\": \"en\", \"entries\": [{\"grapheme\": \"zork\", \"phonemes\": \"zˈɔːk\"}]}");
        assertThat(server.post(speech).headers().firstValue("X-Cache")).hasValue("miss");
    }
}
