package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import dev.hlas.testing.WsTestClient.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol over a real socket, against the synthetic Piper voice (deterministic, so WebSocket and HTTP audio can
 * be compared byte for byte): deltas, early audio, errors that leave the session up, formats, close.
 */
class WebSocketStreamTest {
    private static final String TEXT = "The first sentence is here. Dr. Smith said the second one! And the third, "
            + "with a comma, ends the text?";
    static final String VOICE = "en_US-lessac-medium";
    @TempDir
    static Path home;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        SyntheticPiperVoice.install(new VoiceStore(home), Spec.single(VOICE, "en-us", "en_US"));
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsTestClient open(String voice) throws Exception {
        WsTestClient ws = WsTestClient.connect(server);
        JsonNode ready = ws.expect("ready");
        assertThat(ready.get("session_id").asText()).isNotBlank();
        assertThat(ready.get("sample_rate").asInt()).isEqualTo(24_000);
        assertThat(ready.get("voices_url").asText()).isEqualTo("/v1/audio/voices");
        assertThat(ready.get("formats").toString()).contains("pcm", "mp3", "opus");
        ws.message("config", "voice", voice, "lang", "en", "response_format", "pcm");
        JsonNode ack = ws.expect("config_ack").get("config");
        assertThat(ack.get("voice").asText()).isEqualTo(VOICE);
        assertThat(ack.get("response_format").asText()).isEqualTo("pcm");
        assertThat(ack.get("sample_rate").asInt()).isEqualTo(24_000);
        return ws;
    }

    private static byte[] http(String voice, String text) throws Exception {
        HttpResponse<byte[]> r = server.post("{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"pcm\",\"lang\":\"en\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void deltas_cut_mid_word_and_mid_sentence_give_the_pcm_of_one_http_request() throws Exception {
        byte[] whole = http(VOICE, TEXT);
        try (WsTestClient ws = open(VOICE)) {
            for (int i = 0; i < TEXT.length(); i += 7) {
                ws.message("text", "text", TEXT.substring(i, Math.min(TEXT.length(), i + 7)));
            }
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            assertSame(WsTestClient.audio(got), whole);
            List<JsonNode> sentences = got.stream().filter(f -> f.type().equals("sentence")).map(Frame::json).toList();
            assertThat(sentences).extracting(s -> s.get("text").asText()).containsExactly(
                    "The first sentence is here.", "Dr. Smith said the second one!",
                    "And the third, with a comma, ends the text?");
            for (JsonNode s : sentences) {
                assertThat(TEXT.substring(s.get("start").asInt(), s.get("end").asInt()))
                        .isEqualTo(s.get("text").asText());
                assertThat(s.get("language").asText()).isEqualTo("en");
            }
            assertThat(got.getFirst().type()).isEqualTo("audio_start");
            assertThat(got.get(1).type()).isEqualTo("sentence");
            JsonNode stats = got.getLast().json().get("stats");
            assertThat(stats.get("sentences").asInt()).isEqualTo(3);
            assertThat(stats.get("characters").asInt()).isEqualTo(TEXT.length());
            assertThat(stats.get("audio_s").asDouble()).isEqualTo(whole.length / 2 / 24_000.0, within());
        }
    }

    /** Byte-identical audio, reported by length and first difference instead of two huge arrays. */
    static void assertSame(byte[] actual, byte[] expected) {
        int diff = java.util.Arrays.mismatch(actual, expected);
        assertThat(diff).as("first differing byte of %d vs %d bytes", actual.length, expected.length).isEqualTo(-1);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.01);
    }

    @Test
    void first_audio_arrives_before_flush_when_a_sentence_is_complete() throws Exception {
        try (WsTestClient ws = open(VOICE)) {
            ws.message("text", "text", "Hello there, this is complete. And th");
            List<Frame> first = ws.untilType("audio");
            assertThat(first).extracting(Frame::type).containsExactly("audio_start", "sentence", "audio");
            assertThat(first.get(1).json().get("text").asText()).isEqualTo("Hello there, this is complete.");
            assertThat(first.getFirst().json().get("utterance").asInt()).isEqualTo(1);
            ws.message("text", "text", "en the rest.");
            ws.message("flush");
            List<Frame> rest = ws.untilType("audio_end");
            assertThat(rest.stream().filter(f -> f.type().equals("sentence")).map(f -> f.json().get("text").asText()))
                    .containsExactly("And then the rest.");
        }
    }

    @Test
    void a_bad_message_is_answered_with_an_error_and_the_session_goes_on() throws Exception {
        try (WsTestClient ws = open(VOICE)) {
            ws.send("{not json");
            assertThat(ws.expect("error").get("code").asText()).isEqualTo("invalid_json");
            ws.send("[1,2]");
            assertThat(ws.expect("error").get("code").asText()).isEqualTo("invalid_json");
            ws.message("dance");
            JsonNode unknown = ws.expect("error");
            assertThat(unknown.get("code").asText()).isEqualTo("unsupported_value");
            assertThat(unknown.get("param").asText()).isEqualTo("type");
            ws.send("{\"type\":\"text\",\"text\":42}");
            JsonNode wrongType = ws.expect("error");
            assertThat(wrongType.get("param").asText()).isEqualTo("text");
            assertThat(wrongType.get("code").asText()).isEqualTo("invalid_type");
            ws.message("text", "text", "x".repeat(70_000));
            assertThat(ws.expect("error").get("code").asText()).isEqualTo("message_too_large");
            ws.message("config", "speed", 9);
            JsonNode speed = ws.expect("error");
            assertThat(speed.get("param").asText()).isEqualTo("speed");
            assertThat(speed.get("message").asText()).contains("between 0.25 and 4");
            ws.message("config", "voice", "no-such-voice-anywhere");
            assertThat(ws.expect("error").get("param").asText()).isEqualTo("voice");
            ws.message("config", "normalize", "yes");
            assertThat(ws.expect("error").get("param").asText()).isEqualTo("normalize");
            ws.send("{\"type\":\"text\",\"text\":\"" + "word ".repeat(900) + "\"}"); // 4500 > 4096 characters
            JsonNode tooLong = ws.expect("error");
            assertThat(tooLong.get("code").asText()).isEqualTo("string_above_max_length");
            assertThat(tooLong.get("param").asText()).isEqualTo("text");
            ws.socket().sendBinary(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}), true).get();
            assertThat(ws.expect("error").get("code").asText()).isEqualTo("unsupported_value");
            ws.message("text", "text", "Still here.");
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            assertSame(WsTestClient.audio(got), http(VOICE, "Still here."));
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void binary_frames_and_other_formats_on_request() throws Exception {
        try (WsTestClient ws = open(VOICE)) {
            ws.message("config", "binary", true);
            assertThat(ws.expect("config_ack").get("config").get("binary").asBoolean()).isTrue();
            ws.message("text", "text", "Binary audio please.");
            ws.message("flush");
            List<Frame> got = ws.untilType("audio_end");
            assertThat(got).anyMatch(f -> f.binary() != null).noneMatch(f -> f.type().equals("audio"));
            assertSame(WsTestClient.audio(got), http(VOICE, "Binary audio please."));
            ws.message("config", "binary", false, "response_format", "mp3");
            assertThat(ws.expect("config_ack").get("config").get("sample_rate").asInt()).isPositive();
            ws.message("text", "text", "Now as an MP3 stream. It has two sentences.");
            ws.message("flush");
            byte[] mp3 = WsTestClient.audio(ws.untilType("audio_end"));
            assertThat(mp3.length).isGreaterThan(1000);
            boolean id3 = mp3[0] == 'I' && mp3[1] == 'D' && mp3[2] == '3';
            boolean sync = (mp3[0] & 0xFF) == 0xFF && (mp3[1] & 0xE0) == 0xE0;
            assertThat(id3 || sync).as("an MPEG stream").isTrue();
        }
    }

    @Test
    void close_finishes_what_was_sent_then_closes_normally() throws Exception {
        try (WsTestClient ws = open(VOICE)) {
            ws.message("text", "text", "Last words before closing.");
            ws.message("close");
            List<Frame> got = ws.untilType("audio_end");
            assertThat(WsTestClient.audio(got)).isNotEmpty();
            assertThat(ws.awaitClose().code()).isEqualTo(1000);
        }
    }
}
