package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may change lexicons (admin keys only, once keys are on), and what a voice that takes no phonemes does with a
 * phoneme entry (its alias, else the text as written and a warning).
 */
class LexiconAccessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BODY = "{\"language\": \"en\", \"entries\": [{\"grapheme\": \"zork\", \"phonemes\": \"zˈɔːk\"},"
            + "{\"grapheme\": \"gnu\", \"phonemes\": \"ɡnuː\", \"alias\": \"new\"}]}";
    @TempDir
    Path home;

    static HttpResponse<String> send(TestServer s, String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return s.http().send(b.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void with_keys_on_only_admin_keys_write_and_every_key_reads() throws Exception {
        try (TestServer s = TestServer.start(home, c -> c.withApiKeys(List.of("user-key"))
                .withAdminKeys(List.of("admin-key")))) {
            assertThat(send(s, "PUT", "/v1/audio/lexicons/x", null, BODY).statusCode()).isEqualTo(401);
            HttpResponse<String> forbidden = send(s, "PUT", "/v1/audio/lexicons/x", "user-key", BODY);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(forbidden.body()).get("error").get("type").asText())
                    .isEqualTo("permission_error");
            assertThat(send(s, "PUT", "/v1/audio/lexicons/x", "admin-key", BODY).statusCode()).isEqualTo(201);
            assertThat(send(s, "PUT", "/v1/audio/lexicons/x", "admin-key", BODY).statusCode()).isEqualTo(200);
            assertThat(send(s, "GET", "/v1/audio/lexicons/x", "user-key", null).statusCode()).isEqualTo(200);
            assertThat(send(s, "DELETE", "/v1/audio/lexicons/x", "user-key", null).statusCode()).isEqualTo(403);
            assertThat(send(s, "DELETE", "/v1/audio/lexicons/x", "admin-key", null).statusCode()).isEqualTo(200);
            // the admin key is a key like any other for speech
            assertThat(send(s, "GET", "/v1/models", "admin-key", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void without_admin_keys_nobody_writes_once_keys_are_on() throws Exception {
        try (TestServer s = TestServer.start(home, c -> c.withApiKeys(List.of("user-key")))) {
            assertThat(send(s, "PUT", "/v1/audio/lexicons/x", "user-key", BODY).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_voice_without_phoneme_input_reads_the_alias_or_warns() throws Exception {
        TestEngine engine = new TestEngine("plain", 1);
        try (TestServer s = TestServer.start(home, c -> c, engine)) {
            assertThat(send(s, "PUT", "/v1/audio/lexicons/x", null, BODY).statusCode()).isEqualTo(201);
            HttpResponse<byte[]> r = s.post(JSON.writeValueAsString(Map.of("model", "tts-1", "input",
                    "Hello zork and gnu.", "voice", engine.voiceId(), "response_format", "wav", "lexicons",
                    List.of("x"))));
            assertThat(r.statusCode()).isEqualTo(200);
            String warnings = r.headers().firstValue("X-Hlas-Warnings").orElse("");
            assertThat(warnings).contains("\"zork\"", "not supported by voice " + engine.voiceId())
                    .doesNotContain("gnu");
            // the engine was given the alias for gnu and the written text for zork (its tone depends on the text)
            HttpResponse<byte[]> same = s.post(JSON.writeValueAsString(Map.of("model", "tts-1", "input",
                    "Hello zork and new.", "voice", engine.voiceId(), "response_format", "wav", "lexicons",
                    List.of())));
            assertThat(r.body()).isEqualTo(same.body());
            JsonNode plan = JSON.readTree(s.post("/v1/text/analyze", JSON.writeValueAsString(Map.of("input",
                    "Hello zork and gnu.", "voice", engine.voiceId(), "lexicons", List.of("x")))).body());
            assertThat(plan.get("warnings").get(0).asText()).contains("zork");
        }
    }
}
