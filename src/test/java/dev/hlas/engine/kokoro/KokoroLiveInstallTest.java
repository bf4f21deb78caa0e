package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel.Flavour;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Kokoro installed into a running server's store is used without a restart; a reinstall replaces the model. */
class KokoroLiveInstallTest {
    @TempDir
    Path home;
    static final ObjectMapper JSON = new ObjectMapper();

    private static String body(String voice) {
        return "{\"model\":\"tts-1\",\"input\":\"Hello there.\",\"voice\":\"" + voice
                + "\",\"response_format\":\"pcm\",\"language\":\"en\"}";
    }

    @Test
    void kokoro_pulled_while_the_server_runs_speaks_at_once_and_a_reinstall_is_reloaded() throws Exception {
        try (TestServer server = new TestServer(home)) {
            HttpResponse<byte[]> before = server.post(body("af_heart"));
            assertThat(before.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(before.body()).at("/error/message").asText())
                    .contains("hlas voices pull kokoro");

            KokoroFixtures.installInStore(new VoiceStore(home), Flavour.V1_0);
            long sessions = OnnxSessions.created();
            HttpResponse<byte[]> after = server.post(body("af_heart"));
            assertThat(after.statusCode()).as(new String(after.body())).isEqualTo(200);
            assertThat(after.headers().firstValue("X-Voice")).hasValue("af_heart");
            assertThat(after.headers().firstValue("X-Sample-Rate")).hasValue("24000");
            assertThat(after.body().length).isGreaterThan(2400);
            assertThat(OnnxSessions.created() - sessions).as("the model loads on first use").isEqualTo(1);
            JsonNode voices = JSON.readTree(server.get("/v1/audio/voices").body()).get("voices");
            assertThat(voices.findValuesAsText("id")).contains("af_heart", "bm_fable");

            // Reinstall (another export of the model): the next request runs on a freshly loaded session.
            KokoroFixtures.installInStore(new VoiceStore(home), Flavour.HEXGRAD);
            sessions = OnnxSessions.created();
            HttpResponse<byte[]> reinstalled = server.post(body("af_heart"));
            assertThat(reinstalled.statusCode()).isEqualTo(200);
            assertThat(OnnxSessions.created() - sessions).as("the reinstalled model is loaded").isEqualTo(1);
        }
    }
}
