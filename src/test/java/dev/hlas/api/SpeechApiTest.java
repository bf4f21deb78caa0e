package dev.hlas.api;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import dev.hlas.testing.SentenceTimeline;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The speech endpoint through real clients: the official OpenAI Java SDK and the JDK HttpClient. */
class SpeechApiTest {
    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        server = new TestServer(home);
        openai = server.openAi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] speak(String input, String voice, SpeechCreateParams.ResponseFormat format) throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input(input).voice(voice)
                .responseFormat(format).build();
        try (HttpResponse response = openai.audio().speech().create(params); InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return body.readAllBytes();
        }
    }

    @Test
    void openai_sdk_gets_a_streamed_wav_of_czech_speech() throws Exception {
        Wav wav = Wav.parse(speak("Dobrý den, jak se máte?", "alloy", SpeechCreateParams.ResponseFormat.WAV));
        assertThat(wav.sampleRate()).isEqualTo(22050);
        assertThat(wav.channels()).isEqualTo(1);
        assertThat(wav.bitsPerSample()).isEqualTo(16);
        assertThat(wav.riffSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(wav.dataSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(wav.seconds()).isBetween(1.0, 6.0);
        assertThat(wav.rms()).isGreaterThan(0.02);
    }

    @Test
    void openai_sdk_gets_english_speech_whose_length_follows_the_text() throws Exception {
        Wav shortWav = Wav.parse(speak("Hello there.", "echo", SpeechCreateParams.ResponseFormat.WAV));
        Wav longWav = Wav.parse(speak("Hello there. This sentence is quite a bit longer than the first one, and it "
                + "keeps going for a while so that the audio is clearly longer.", "echo",
                SpeechCreateParams.ResponseFormat.WAV));
        assertThat(shortWav.seconds()).isGreaterThan(0.4);
        assertThat(longWav.seconds()).isGreaterThan(shortWav.seconds() * 4);
    }

    @Test
    void czech_text_is_spoken_by_a_czech_voice_and_english_by_an_english_one() throws Exception {
        var cs = server.post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Dobrý den, jak se máte?\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
        var en = server.post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Good morning, how are you?\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
        assertThat(cs.statusCode()).isEqualTo(200);
        assertThat(cs.headers().firstValue("X-Voice")).hasValue("espeak:cs+f2");
        assertThat(cs.headers().firstValue("X-Language")).hasValue("cs");
        assertThat(en.headers().firstValue("X-Voice")).hasValue("espeak:en-us+f2");
        assertThat(cs.headers().firstValue("Content-Type")).hasValue("audio/wav");
    }

    @Test
    void pcm_is_raw_16_bit_samples_at_24_khz_unless_asked_otherwise() throws Exception {
        String body = "{\"model\":\"tts-1\",\"input\":\"Testing raw audio.\",\"voice\":\"nova\","
                + "\"response_format\":\"%s\"%s}";
        var pcm = server.post("/v1/audio/speech", body.formatted("pcm", ""));
        var native22k = server.post("/v1/audio/speech", body.formatted("pcm", ",\"sample_rate\":22050"));
        var wav = Wav.parse(server.post("/v1/audio/speech", body.formatted("wav", "")).body());
        assertThat(pcm.headers().firstValue("Content-Type")).hasValue("audio/pcm");
        assertThat(pcm.headers().firstValue("X-Sample-Rate")).hasValue("24000");
        assertThat(native22k.headers().firstValue("X-Sample-Rate")).hasValue("22050");
        assertThat(pcm.body().length % 2).isZero();
        assertThat(native22k.body().length).isEqualTo(wav.samples().length * 2);
        double pcmSeconds = pcm.body().length / 2.0 / 24000;
        assertThat(pcmSeconds).isCloseTo(wav.seconds(), Offset.offset(0.01));
    }

    @Test
    void all_thirteen_openai_voices_speak_and_sound_different_from_each_other() throws Exception {
        List<String> names = List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
                "shimmer", "verse", "marin", "cedar");
        var voices = names.stream().map(v -> {
            try {
                var r = server.post("/v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"Hi.\",\"voice\":\"" + v
                        + "\",\"response_format\":\"wav\"}");
                assertThat(r.statusCode()).as(v).isEqualTo(200);
                return r.headers().firstValue("X-Voice").orElseThrow();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
        assertThat(voices).hasSizeGreaterThan(10);
    }

    @Test
    void voice_may_be_an_object_with_an_id_or_an_explicit_engine_voice() throws Exception {
        var r = server.post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Good day.\",\"voice\":{\"id\":\"espeak:en-gb\"},\"response_format\":\"wav\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voice")).hasValue("espeak:en-gb");
    }

    @Test
    void speed_makes_speech_shorter() throws Exception {
        String body = "{\"model\":\"tts-1\",\"input\":\"The quick brown fox jumps over the lazy dog.\","
                + "\"voice\":\"alloy\",\"response_format\":\"wav\",\"speed\":%s}";
        Wav normal = Wav.parse(server.post("/v1/audio/speech", body.formatted("1.0")).body());
        Wav fast = Wav.parse(server.post("/v1/audio/speech", body.formatted("2.0")).body());
        assertThat(fast.seconds()).isLessThan(normal.seconds() * 0.7);
    }

    @Test
    void sdk_sees_errors_in_the_openai_envelope() {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Hi")
                .voice("no-such-voice").responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
        assertThatThrownBy(() -> openai.audio().speech().create(params).close())
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("voice");
                    assertThat(e.type()).hasValue("invalid_request_error");
                    assertThat(e.getMessage()).contains("no-such-voice");
                });
    }

    @Test
    void first_audio_arrives_before_the_last_sentence_is_synthesized() throws Exception {
        String input = IntStream.range(0, 40).mapToObj(i -> "This is sentence number " + i + " of a long reply.")
                .collect(Collectors.joining(" "));
        SentenceTimeline listener = server.sentences();
        listener.clear();
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/audio/speech"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"" + input
                        + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}")).build();
        var response = server.http().send(request, BodyHandlers.ofInputStream());
        long firstByteAt;
        long total;
        try (InputStream body = response.body()) {
            assertThat(body.read()).isNotEqualTo(-1);
            firstByteAt = System.nanoTime();
            total = 1 + body.readAllBytes().length;
        }
        List<SentenceTimeline.Done> done = listener.done();
        assertThat(done).hasSize(40);
        long lastSentenceAt = done.getLast().atNanos();
        assertThat(firstByteAt).as("first byte must arrive before the last sentence is synthesized")
                .isLessThan(lastSentenceAt);
        assertThat(total).isGreaterThan(22050L * 2 * 40);
    }
}
