package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Kokoro word timings from an export that outputs each token's duration (hexgrad's {@code duration}): the synthetic
 * model gives every token 600 frames of one sample, so words start and end on token boundaries, the first one
 * after the BOS pad.
 */
class KokoroTimingsTest {
    @TempDir
    static Path home;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        KokoroFixtures.installInStore(new VoiceStore(home), SyntheticKokoroModel.Flavour.HEXGRAD);
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void words_are_timed_by_the_exports_token_durations() throws Exception {
        String input = "Hello brave new world.";
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", JSON.writeValueAsString(Map.of("model", "tts-1",
                "input", input, "voice", "af_heart", "response_format", "wav")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode words = JSON.readTree(r.body()).get("words");
        assertThat(words.size()).isEqualTo(4);
        double token = 600 / 24000.0;
        assertThat(words.get(0).get("start").asDouble()).isCloseTo(token, within(1e-6));
        double last = 0;
        for (JsonNode w : words) {
            assertThat(w.get("estimated").asBoolean()).as(w.toString()).isFalse();
            assertThat(input.substring(w.get("char_start").asInt(), w.get("char_end").asInt()))
                    .isEqualTo(w.get("word").asText());
            for (String edge : new String[]{"start", "end"}) {
                double tokens = w.get(edge).asDouble() / token;
                assertThat(tokens).as(edge + " of " + w).isCloseTo(Math.rint(tokens), within(1e-3));
            }
            assertThat(w.get("start").asDouble()).isGreaterThan(last); // a space token lies between words
            last = w.get("end").asDouble();
        }
    }
}
