package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every format streams: the first sentence's audio reaches the client, decodable, while the engine is still held on
 * the second sentence. No clock is compared: the second sentence cannot finish before the test lets it.
 */
class StreamingFormatsTest {
    static final double SENTENCE_SECONDS = 0.5; // two chunks of 0.25 s
    static final TestEngine ENGINE = new TestEngine("held", 1).chunks(2, 0.25);
    static TestServer server;
    @TempDir
    static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new TestServer(home, c -> c.withServing(c.serving().withCache(false, 0, 0)), List.of(ENGINE));
    }

    @AfterEach
    void letGo() {
        ENGINE.release();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void the_first_sentence_arrives_while_the_second_is_still_being_synthesized(AudioFormat format) throws Exception {
        assertFirstSentenceStreams(format, false);
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void sse_streams_the_first_sentence_while_the_second_is_still_being_synthesized(AudioFormat format)
            throws Exception {
        assertFirstSentenceStreams(format, true);
    }

    private void assertFirstSentenceStreams(AudioFormat format, boolean sse) throws Exception {
        ENGINE.holdAfter(1);
        int first = ENGINE.calls();
        var body = Json.MAPPER.createObjectNode().put("model", "tts-1").put("voice", ENGINE.voiceId())
                .put("input", "The first sentence is here. The second sentence follows it.")
                .put("response_format", format.wireName());
        if (sse) body.put("stream_format", "sse");
        HttpResponse<InputStream> response = server.http().send(server.speechRequest(body.toString()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        int rate = Integer.parseInt(response.headers().firstValue("x-sample-rate").orElse("24000"));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> copy(response.body(), received));

        // Codecs emit whole frames only (mp3 1152 samples, AAC 1024 plus look-ahead, FLAC blocks of 4096), so up to a
        // frame of the first sentence waits for the next one; everything before it must be out.
        Await.until("the first sentence decodable while the second is held", Duration.ofSeconds(30),
                () -> ENGINE.calls() == first + 2 && ENGINE.running() == 1 // the second sentence waits in the engine
                        && decode(snapshot(received), format, sse, rate).seconds() >= SENTENCE_SECONDS - 0.2);
        assertThat(reading).isNotDone();

        ENGINE.release();
        reading.get(30, TimeUnit.SECONDS);
        Decoded whole = decode(snapshot(received), format, sse, rate);
        assertThat(whole.errors()).isEmpty();
        assertThat(whole.seconds()).as("both sentences, whole").isCloseTo(2 * SENTENCE_SECONDS, within(0.1));
    }

    private Decoded decode(byte[] bytes, AudioFormat format, boolean sse, int rate)
            throws IOException, InterruptedException {
        byte[] audio = sse ? sseAudio(bytes) : bytes;
        return format == AudioFormat.PCM ? Decoded.rawPcm(audio, rate, dir) : Decoded.of(audio, dir);
    }

    /** The audio of the complete {@code speech.audio.delta} events received so far. */
    private static byte[] sseAudio(byte[] body) throws IOException {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        String text = new String(body, StandardCharsets.UTF_8);
        String[] blocks = text.split("\n\n", -1);
        for (int i = 0; i < blocks.length - 1; i++) { // the last block may be incomplete
            if (!blocks[i].startsWith("data: ")) continue;
            Map<?, ?> event = Json.MAPPER.readValue(blocks[i].substring(6), Map.class);
            if ("speech.audio.delta".equals(event.get("type"))) {
                audio.write(Base64.getDecoder().decode((String) event.get("audio")));
            }
        }
        return audio.toByteArray();
    }

    private static byte[] snapshot(ByteArrayOutputStream received) {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
