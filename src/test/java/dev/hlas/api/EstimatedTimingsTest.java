package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** An engine that reports no timings of its own: words are spread over each sentence's voiced audio by length. */
class EstimatedTimingsTest {
    @TempDir
    Path home;

    @Test
    void words_share_each_sentences_audio_by_length_and_the_last_one_ends_with_the_audio() throws Exception {
        TestEngine engine = new TestEngine("fake", 1).chunks(3, 0.2);
        try (TestServer server = TestServer.start(home, s -> s, engine)) {
            String input = "One two three. Four five six seven.";
            String body = Json.MAPPER.createObjectNode().put("model", "tts-1").put("input", input)
                    .put("voice", engine.voiceId()).put("response_format", "wav").toString();
            HttpResponse<byte[]> r = server.post("/v1/audio/captions", body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode doc = Json.MAPPER.readTree(r.body());
            JsonNode words = doc.get("words");
            assertThat(words.size()).isEqualTo(7);
            double duration = doc.get("duration").asDouble();
            assertThat(duration).isCloseTo(1.2, within(0.001));
            double last = 0;
            for (JsonNode w : words) {
                assertThat(w.get("estimated").asBoolean()).isTrue();
                assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(last - 1e-9);
                last = w.get("end").asDouble();
            }
            // Sentence 2 starts after sentence 1's 0.6 s; within a sentence, time follows the letters.
            assertThat(words.get(3).get("start").asDouble()).isGreaterThanOrEqualTo(0.6);
            double one = words.get(0).get("end").asDouble() - words.get(0).get("start").asDouble();
            double three = words.get(2).get("end").asDouble() - words.get(2).get("start").asDouble();
            assertThat(three / one).isCloseTo(5.0 / 3, within(0.01));
            // The last word ends within one frame (256 samples) of the end of the audio.
            assertThat(duration - words.get(6).get("end").asDouble()).isBetween(0.0, 256.0 / TestEngine.SAMPLE_RATE);
            JsonNode sentence = doc.get("sentences").get(1);
            assertThat(sentence.get("text").asText()).isEqualTo("Four five six seven.");
            assertThat(sentence.get("char_start").asInt()).isEqualTo(input.indexOf("Four"));
        }
    }
}
