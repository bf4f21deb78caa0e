package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.WsTestClient.Frame;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code words} messages over a real socket (the JDK's WebSocket client), against a synthetic Piper voice whose
 * model outputs its durations (deterministic timings, exact where espeak-ng speaks each word on its own): one after
 * each {@code sentence}, with the captions' word objects, times from the start of the utterance's audio and offsets into the utterance's whole text, whether
 * the text came as deltas or at once, and from the cache too.
 */
class WebSocketWordsTest {
    private static final String VOICE = "en_US-lessac-medium";
    private static final String TEXT = "It costs $25 today. Dr. Smith arrived at 10 a.m. on the 3rd floor! "
            + "And the third one, with a comma, ends the text?";
    private static final int RATE = 24_000;
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path model = SyntheticPiperModel.writeWithDurations(models.resolve("ceil.onnx"), true);
        SyntheticPiperVoice.install(new VoiceStore(home), Spec.single(VOICE, "en-us", "en_US"), model);
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static WsTestClient open(Object... config) throws Exception {
        WsTestClient ws = WsTestClient.connect(server);
        ws.expect("ready");
        List<Object> fields = new ArrayList<>(List.of("voice", VOICE, "lang", "en"));
        fields.addAll(List.of(config));
        ws.message("config", fields.toArray());
        ws.expect("config_ack");
        return ws;
    }

    /** The captions JSON of the same text and settings over HTTP. */
    private static JsonNode captions(String text, String format) throws Exception {
        ObjectNode body = WsTestClient.JSON.createObjectNode().put("model", "tts-1").put("voice", VOICE)
                .put("input", text).put("response_format", format).put("lang", "en");
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", body.toString());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return WsTestClient.JSON.readTree(r.body());
    }

    /**
     * Each {@code sentence} is followed by the {@code words} of the same index before the next {@code sentence}
     * (when the sentences are announced as they are spoken); returns every word in order.
     */
    private static List<JsonNode> words(List<Frame> got, boolean interleaved) {
        List<JsonNode> sentences = got.stream().filter(f -> f.type().equals("sentence")).map(Frame::json).toList();
        List<JsonNode> messages = got.stream().filter(f -> f.type().equals("words")).map(Frame::json).toList();
        assertThat(messages).extracting(m -> m.get("index").asInt())
                .isEqualTo(sentences.stream().map(s -> s.get("index").asInt()).toList());
        if (interleaved) {
            int expected = -1;
            for (Frame f : got) {
                if (f.type().equals("sentence")) {
                    assertThat(expected).as("words before the next sentence").isEqualTo(-1);
                    expected = f.json().get("index").asInt();
                } else if (f.type().equals("words")) {
                    assertThat(f.json().get("index").asInt()).isEqualTo(expected);
                    expected = -1;
                }
            }
        }
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode sentence = sentences.get(i);
            for (JsonNode w : messages.get(i).get("words")) {
                assertThat(w.get("char_start").asInt()).isBetween(sentence.get("start").asInt(),
                        sentence.get("end").asInt());
                assertThat(w.get("char_end").asInt()).isLessThanOrEqualTo(sentence.get("end").asInt());
                all.add(w);
            }
        }
        return all;
    }

    /** Times only move forward and lie within the audio; every word is the slice of the text it names. */
    private static void assertWellFormed(List<JsonNode> words, String text, double duration) {
        assertThat(words).isNotEmpty();
        double lastStart = 0;
        double lastEnd = 0;
        int lastChar = 0;
        for (JsonNode w : words) {
            assertThat(w.fieldNames()).toIterable().containsExactly("word", "spoken", "start", "end", "char_start",
                    "char_end", "estimated");
            double start = w.get("start").asDouble();
            double end = w.get("end").asDouble();
            assertThat(start).as(w.toString()).isGreaterThanOrEqualTo(lastStart).isGreaterThanOrEqualTo(lastEnd - 1e-6);
            assertThat(end).as(w.toString()).isGreaterThan(start).isLessThanOrEqualTo(duration + 1e-6);
            int from = w.get("char_start").asInt();
            int to = w.get("char_end").asInt();
            assertThat(from).isGreaterThanOrEqualTo(lastChar);
            assertThat(text.substring(from, to)).isEqualTo(w.get("word").asText());
            lastStart = start;
            lastEnd = end;
            lastChar = to;
        }
    }

    @Test
    void deltas_get_words_after_each_sentence_with_utterance_times_and_offsets_into_the_whole_text()
            throws Exception {
        JsonNode http = captions(TEXT, "pcm");
        try (WsTestClient ws = open("response_format", "pcm")) {
            for (int i = 0; i < TEXT.length(); i += 5) {
                ws.message("text", "text", TEXT.substring(i, Math.min(TEXT.length(), i + 5)));
            }
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            assertThat(got.stream().filter(f -> f.type().equals("sentence")).count()).isEqualTo(3);
            double duration = WsTestClient.audio(got).length / 2.0 / RATE; // s16le mono: its own length
            List<JsonNode> words = words(got, true);
            assertWellFormed(words, TEXT, duration);
            assertThat(words.getLast().get("end").asDouble()).isGreaterThan(duration * 0.8);
            // espeak-ng speaks "on the" as one word: only those two are estimated
            assertThat(words.stream().filter(w -> w.get("estimated").asBoolean()).map(w -> w.get("word").asText()))
                    .as(words.toString()).containsExactly("on", "the");
            assertThat(words).extracting(w -> w.get("word").asText()).containsSubsequence("It", "costs", "$25",
                    "today", "Dr.", "Smith", "10 a.m.", "3rd", "floor", "ends", "the", "text");
            JsonNode dollars = words.stream().filter(w -> w.get("word").asText().equals("$25")).findFirst()
                    .orElseThrow();
            assertThat(dollars.get("spoken").asText()).isEqualTo("twenty-five dollars");
            assertThat(dollars.get("char_start").asInt()).isEqualTo(TEXT.indexOf("$25"));
            // The same audio as one HTTP request, so the same words at the same times (each sentence was a request
            // of its own here: its times were moved by the audio before it).
            assertThat(words).hasSameSizeAs(http.get("words"));
            for (int i = 0; i < words.size(); i++) {
                JsonNode a = words.get(i);
                JsonNode b = http.get("words").get(i);
                assertThat(a.get("word")).isEqualTo(b.get("word"));
                assertThat(a.get("spoken")).isEqualTo(b.get("spoken"));
                assertThat(a.get("char_start")).isEqualTo(b.get("char_start"));
                assertThat(a.get("estimated")).isEqualTo(b.get("estimated"));
                assertThat(a.get("start").asDouble()).as(a.toString()).isCloseTo(b.get("start").asDouble(), within(1e-4));
                assertThat(a.get("end").asDouble()).as(a.toString()).isCloseTo(b.get("end").asDouble(), within(1e-4));
            }
        }
    }

    @Test
    void a_second_utterance_counts_its_times_and_offsets_from_its_own_start() throws Exception {
        String first = "This goes first. ";
        String second = "Then 2 more words. And the end.";
        try (WsTestClient ws = open("response_format", "pcm")) {
            ws.message("text", "text", first);
            ws.message("text", "text", "Extra");
            ws.message("flush");
            ws.untilType("audio_end");
            ws.message("text", "text", second.substring(0, 9));
            ws.message("text", "text", second.substring(9));
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            List<JsonNode> words = words(got, true);
            assertWellFormed(words, second, WsTestClient.audio(got).length / 2.0 / RATE);
            assertThat(words.getFirst().get("word").asText()).isEqualTo("Then");
            assertThat(words.getFirst().get("char_start").asInt()).isZero();
            assertThat(words.getFirst().get("start").asDouble()).isLessThan(0.5);
            assertThat(words.get(1).get("spoken").asText()).isEqualTo("two");
        }
    }

    @Test
    void a_whole_text_gets_the_captions_words_exactly_also_from_the_cache_and_in_a_decoded_wav() throws Exception {
        // One sentence, so flush comes before any sentence was complete: one ordinary request, cached.
        String text = "A whole text is one request, and it comes from the cache the second time, 2 times faster";
        JsonNode http = captions(text, "wav"); // stores the audio and its timings
        for (int round = 0; round < 2; round++) {
            try (WsTestClient ws = open("response_format", "wav")) {
                ws.message("text", "text", text);
                ws.message("flush");
                List<Frame> got = ws.untilType("audio_end");
                double duration = Wav.parse(WsTestClient.audio(got)).seconds();
                assertThat(duration).isCloseTo(http.get("duration").asDouble(), within(1e-3));
                List<JsonNode> words = words(got, false);
                assertWellFormed(words, text, duration);
                JsonNode tree = WsTestClient.JSON.valueToTree(words);
                assertThat(tree).isEqualTo(http.get("words"));
                assertThat(got.indexOf(got.stream().filter(f -> f.type().equals("words")).findFirst().orElseThrow()))
                        .as(got.stream().map(Frame::type).toList().toString()).isGreaterThan(got.indexOf(got.stream().filter(f -> f.type().equals("sentence"))
                                .reduce((a, b) -> b).orElseThrow()));
            }
        }
    }

    @Test
    void timestamps_none_sends_no_words_and_a_bad_value_is_an_error_naming_it() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(server)) {
            ws.expect("ready");
            ws.message("config", "voice", VOICE, "timestamps", "syllable");
            JsonNode error = ws.expect("error");
            assertThat(error.get("param").asText()).isEqualTo("timestamps");
            assertThat(error.get("status").asInt()).isEqualTo(400);
            ws.message("config", "voice", VOICE, "lang", "en", "timestamps", "none");
            assertThat(ws.expect("config_ack").get("config").get("timestamps").asText()).isEqualTo("none");
            ws.message("text", "text", "No words here. Nor here. ");
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            assertThat(got).extracting(Frame::type).contains("sentence", "audio").doesNotContain("words");
            ws.message("config", "timestamps", null);
            assertThat(ws.expect("config_ack").get("config").get("timestamps").asText()).isEqualTo("word");
        }
    }
}
