package dev.hlas.api;

import com.openai.core.http.HttpResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import dev.hlas.audio.AudioFormat;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh machine: no voices installed, no network. The server starts and speaks with espeak-ng. */
class NoVoicesInstalledTest {
    @TempDir
    Path home;

    @Test
    void server_starts_with_an_empty_home_and_speaks_czech_and_english_with_espeak() throws Exception {
        try (TestServer server = new TestServer(home)) {
            assertThat(server.hlas().store().installed()).isEmpty();
            for (String text : new String[]{"Dobrý den, jak se máte?", "Hello there."}) {
                SpeechCreateParams p = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input(text).voice("alloy")
                        .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
                try (HttpResponse r = server.openAi().audio().speech().create(p)) {
                    assertThat(r.statusCode()).isEqualTo(200);
                    byte[] wav = r.body().readAllBytes();
                    assertThat(wav.length).isGreaterThan(44 + 22050); // > 0.5 s of espeak speech
                }
            }
            assertThat(server.hlas().speech().plan(SpeechRequest.of("Dobrý den.", "alloy", AudioFormat.WAV))
                    .voiceIds()).allMatch(id -> id.startsWith("espeak:"));
        }
    }
}
