package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.WsTestClient.Frame;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SSML as WebSocket text deltas: cut at safe points, sentences pointing into the SSML sent, errors positioned. */
class WebSocketSsmlTest {
    private static final String SSML = "<speak>The first sentence. Then <say-as interpret-as=\"characters\">SSML"
            + "</say-as> spelled.<break time=\"400ms\"/><p>A paragraph.</p></speak>";
    /** Deterministic, so WebSocket and HTTP audio can be compared byte for byte. */
    private static final String VOICE = WebSocketStreamTest.VOICE;
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

    private static byte[] http(String input) throws Exception {
        String json = WsTestClient.JSON.createObjectNode().put("model", "tts-1").put("voice", VOICE)
                .put("input", input).put("response_format", "pcm").put("lang", "en").toString();
        HttpResponse<byte[]> r = server.post(json);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static List<Frame> speak(WsTestClient ws, int chunk) throws Exception {
        for (int i = 0; i < SSML.length(); i += chunk) {
            ws.message("text", "text", SSML.substring(i, Math.min(SSML.length(), i + chunk)));
        }
        ws.message("flush");
        return ws.untilType("audio_end");
    }

    @Test
    void ssml_deltas_sound_like_the_whole_document_with_sentences_pointing_into_it() throws Exception {
        byte[] whole = http(SSML);
        for (boolean declared : new boolean[]{true, false}) { // input_format in the config, or detected
            try (WsTestClient ws = WsTestClient.connect(server)) {
                ws.expect("ready");
                if (declared) {
                    ws.message("config", "voice", VOICE, "lang", "en", "response_format", "pcm", "input_format",
                            "ssml");
                } else {
                    ws.message("config", "voice", VOICE, "lang", "en", "response_format", "pcm");
                }
                ws.expect("config_ack");
                List<Frame> got = speak(ws, 9);
                byte[] audio = WsTestClient.audio(got);
                assertThat(java.util.Arrays.mismatch(audio, whole)).as("declared %s: first differing byte of %d vs %d bytes",
                        declared, audio.length, whole.length).isEqualTo(-1);
                List<JsonNode> sentences = got.stream().filter(f -> f.type().equals("sentence")).map(Frame::json)
                        .toList();
                assertThat(sentences).extracting(s -> SSML.substring(s.get("start").asInt(), s.get("end").asInt()))
                        .containsExactly("The first sentence.",
                                "Then <say-as interpret-as=\"characters\">SSML</say-as> spelled.", "A paragraph.");
            }
        }
    }

    @Test
    void malformed_ssml_deltas_are_an_error_naming_line_and_column() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(server)) {
            ws.expect("ready");
            ws.message("config", "voice", "alloy", "lang", "en", "response_format", "pcm");
            ws.expect("config_ack");
            ws.message("text", "text", "<speak>One.\nTwo <b>three</i>.</speak>");
            ws.message("flush");
            JsonNode error = ws.expect("error");
            assertThat(error.get("message").asText()).contains("Malformed SSML at line 2, column");
            assertThat(error.get("param").asText()).isEqualTo("input");
        }
    }
}
