package dev.hlas.api;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The official OpenAI Java SDK, pointed at Hlas, gets decodable audio in each format it can ask for. */
class OpenAiSdkFormatsTest {
    static TestServer server;
    static OpenAIClient openai;
    @TempDir
    static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new TestServer(home);
        openai = server.openAi();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3", "opus", "aac", "flac", "wav", "pcm"})
    void sdk_speech_create_returns_audio_in_the_requested_format(String format) throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1)
                .input("Hello from the official client. Second sentence.").voice("nova")
                .responseFormat(SpeechCreateParams.ResponseFormat.of(format)).build();
        byte[] bytes;
        try (HttpResponse response = openai.audio().speech().create(params); InputStream in = response.body()) {
            bytes = in.readAllBytes();
        }
        Decoded d = format.equals("pcm") ? Decoded.rawPcm(bytes, 24000, dir) : Decoded.of(bytes, dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.codec()).isEqualTo(switch (format) {
            case "wav", "pcm" -> "pcm_s16le";
            default -> format;
        });
        assertThat(d.seconds()).isGreaterThan(1.5);
    }
}
