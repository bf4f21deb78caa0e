package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.onnx.SyntheticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Piper word timings from the model's own durations: a synthetic model whose frames per phoneme id are known
 * ({@link SyntheticPiperModel#writeWithDurations}) gets its {@code Ceil} output exposed on load, and every word's
 * time is what those frames say, to the sample, across sentences (with the sentence silence) and speeds. The same
 * model without a {@code Ceil} node gets estimated, still sane, timings; its file is not changed.
 */
class PiperTimingsTest {
    static final int RATE = 22050;
    static final int HOP = 256;
    static final double SILENCE = 0.2;
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    static TestServer server;
    static byte[] roundModel;
    static byte[] ceilModel;

    @BeforeAll
    static void start() throws Exception {
        VoiceStore store = new VoiceStore(home);
        Path ceil = SyntheticPiperModel.writeWithDurations(models.resolve("ceil.onnx"), true);
        Path round = SyntheticPiperModel.writeWithDurations(models.resolve("round.onnx"), false);
        roundModel = Files.readAllBytes(round);
        ceilModel = Files.readAllBytes(ceil);
        SyntheticPiperVoice.install(store, Spec.single("en_US-lessac-medium", "en-us", "en_US"), ceil);
        SyntheticPiperVoice.install(store, Spec.single("en_US-amy-medium", "en-us", "en_US"), round);
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static JsonNode captions(String voice, String input, double speed) throws Exception {
        String body = Json.MAPPER.createObjectNode().put("model", "tts-1").put("input", input).put("voice", voice)
                .put("response_format", "wav").put("lang", "en").put("speed", speed).toString();
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", body);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /**
     * The truth, computed here from the phonemes alone: ids {@code ^ _ (p _)* $}, id i lasting
     * {@code ceil(framesPerId(i)·lengthScale)} frames; a word is a run of phonemes between spaces and punctuation
     * and ends after its last phoneme's pad.
     *
     * @return per word {startSample, endSample}, and the sentence's total samples last
     */
    static List<long[]> truth(String phonemes, double lengthScale) {
        Map<String, List<Integer>> ids = SyntheticPiperVoice.idMap();
        List<long[]> words = new ArrayList<>();
        long frame = frames(ids.get("^").getFirst(), lengthScale) + frames(ids.get("_").getFirst(), lengthScale);
        long start = -1;
        int pad = ids.get("_").getFirst();
        for (int cp : Normalizer.normalize(phonemes, Normalizer.Form.NFD).codePoints().toArray()) {
            List<Integer> id = ids.get(Character.toString(cp));
            if (id == null) continue;
            boolean separator = cp == ' ' || ",.!?;:".indexOf(cp) >= 0;
            if (separator && start >= 0) {
                words.add(new long[]{start * HOP, frame * HOP});
                start = -1;
            } else if (!separator && start < 0) {
                start = frame;
            }
            frame += frames(id.getFirst(), lengthScale) + frames(pad, lengthScale);
        }
        if (start >= 0) words.add(new long[]{start * HOP, frame * HOP});
        frame += frames(ids.get("$").getFirst(), lengthScale);
        words.add(new long[]{frame * HOP});
        return words;
    }

    private static long frames(int id, double lengthScale) {
        return (long) Math.ceil(SyntheticPiperModel.framesPerId(id) * (float) lengthScale);
    }

    @Test
    void word_times_are_the_models_durations_to_the_sample_across_sentences_and_speeds() throws Exception {
        EspeakNative espeak = EspeakNative.load(null, null);
        List<String> sentences = List.of("This is a test.", "Hello brave new world!");
        for (double speed : new double[]{1.0, 2.0}) {
            JsonNode doc = captions("en_US-lessac-medium", String.join(" ", sentences), speed);
            List<long[]> expected = new ArrayList<>();
            long offset = 0;
            for (String s : sentences) {
                List<String> phonemes = espeak.phonemize(s, "en-us");
                assertThat(phonemes).hasSize(1);
                List<long[]> t = truth(phonemes.getFirst(), 1.0 / speed);
                for (long[] w : t.subList(0, t.size() - 1)) expected.add(new long[]{offset + w[0], offset + w[1]});
                offset += t.getLast()[0] + Math.round(SILENCE * RATE);
            }
            JsonNode words = doc.get("words");
            assertThat(words.size()).isEqualTo(expected.size()).isEqualTo(8);
            for (int i = 0; i < words.size(); i++) {
                JsonNode w = words.get(i);
                assertThat(w.get("estimated").asBoolean()).as(w.toString()).isFalse();
                assertThat(w.get("start").asDouble() * RATE).as(w.toString())
                        .isCloseTo(expected.get(i)[0], within(0.05));
                assertThat(w.get("end").asDouble() * RATE).as(w.toString()).isCloseTo(expected.get(i)[1], within(0.05));
            }
            assertThat(words.get(4).get("word").asText()).isEqualTo("Hello");
            // The audio is both sentences and their silences; the last word ends with the last one's speech.
            assertThat(doc.get("duration").asDouble() * RATE).isCloseTo(offset, within(1.0));
        }
    }

    @Test
    void a_model_without_a_duration_node_gets_estimated_monotonic_times_and_its_file_is_untouched() throws Exception {
        String input = "This is a test. Hello brave new world!";
        JsonNode doc = captions("en_US-amy-medium", input, 1.0);
        JsonNode words = doc.get("words");
        assertThat(words.size()).isEqualTo(8);
        double last = 0;
        for (JsonNode w : words) {
            assertThat(w.get("estimated").asBoolean()).isTrue();
            assertThat(input.substring(w.get("char_start").asInt(), w.get("char_end").asInt()))
                    .isEqualTo(w.get("word").asText());
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(last);
            assertThat(w.get("end").asDouble()).isGreaterThan(w.get("start").asDouble())
                    .isLessThanOrEqualTo(doc.get("duration").asDouble());
            last = w.get("end").asDouble();
        }
        // The second sentence starts after the first one's audio and its silence.
        assertThat(words.get(4).get("start").asDouble()).isGreaterThan(words.get(3).get("end").asDouble() + SILENCE
                - 0.001);
        // Loading patches the model in memory only: both installed files are byte for byte what was installed.
        captions("en_US-lessac-medium", "Loaded.", 1.0);
        assertThat(Files.readAllBytes(installed("en_US-amy-medium.onnx"))).isEqualTo(roundModel);
        assertThat(Files.readAllBytes(installed("en_US-lessac-medium.onnx"))).isEqualTo(ceilModel);
    }

    private static Path installed(String name) throws Exception {
        // the voice store only: the response cache beside it writes and renames temporary files meanwhile
        try (var files = Files.walk(home.resolve("voices"))) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }
}
