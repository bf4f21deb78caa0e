package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Models, voices and health as clients read them. */
class CatalogApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void models_list_has_the_openai_shape() throws Exception {
        JsonNode list = JSON.readTree(server.get("/v1/models").body());
        assertThat(list.get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list.get("data")) {
            ids.add(m.get("id").asText());
            assertThat(m.get("object").asText()).isEqualTo("model");
            assertThat(m.get("created").isIntegralNumber()).isTrue();
            assertThat(m.get("owned_by").asText()).isNotBlank();
        }
        assertThat(ids).contains("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
        JsonNode one = JSON.readTree(server.get("/v1/models/tts-1").body());
        assertThat(one.get("id").asText()).isEqualTo("tts-1");
    }

    @Test
    void voices_list_espeak_voices_for_english_and_czech_and_every_openai_name() throws Exception {
        JsonNode voices = JSON.readTree(server.get("/v1/audio/voices").body()).get("voices");
        List<String> ids = new ArrayList<>();
        for (JsonNode v : voices) {
            ids.add(v.get("id").asText());
            assertThat(v.get("name").asText()).isNotBlank();
            if (v.get("type").asText().equals("voice")) {
                assertThat(v.get("engine").asText()).isEqualTo("espeak");
                assertThat(v.get("sample_rate").asInt()).isEqualTo(22050);
                assertThat(v.get("languages").size()).isPositive();
                assertThat(v.get("gender").asText()).isNotBlank();
            }
        }
        assertThat(ids).contains("espeak:en", "espeak:en-us", "espeak:en-gb", "espeak:cs", "alloy", "ash", "ballad",
                "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar");
        JsonNode alloy = null;
        for (JsonNode v : voices) if (v.get("id").asText().equals("alloy")) alloy = v;
        assertThat(alloy.get("voices").get("cs").asText()).isEqualTo("espeak:cs+f2");
    }

    @Test
    void health_is_ok() throws Exception {
        var response = server.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("ok");
    }
}
