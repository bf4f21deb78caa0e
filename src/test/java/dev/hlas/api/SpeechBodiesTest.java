package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.AudioOutput;
import dev.hlas.audio.Decoded;
import dev.hlas.audio.Encoders;
import dev.hlas.error.EngineFailure;
import dev.hlas.engine.PcmChunk;
import dev.hlas.response.CacheStatus;
import dev.hlas.response.ResponseInfo;
import dev.hlas.response.SpeechResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two response bodies when synthesis fails after the response started. */
class SpeechBodiesTest {
    @TempDir
    Path dir;

    /**
     * A response whose first three pieces are half-second tone chunks really encoded in {@code format}, after which
     * the engine fails.
     */
    static final class FailingAfterThreePieces implements SpeechResponse {
        private final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        private final AudioOutput audio;
        private final ResponseInfo info;
        private int served;
        volatile boolean cancelled;

        FailingAfterThreePieces(AudioFormat format, int rate) {
            audio = AudioOutput.open(format, rate, 1.0, encoded);
            info = new ResponseInfo(format, rate, List.of("test"), List.of("en"), CacheStatus.MISS, 6);
        }

        @Override
        public ResponseInfo info() {
            return info;
        }

        @Override
        public OptionalInt contentLength() {
            return OptionalInt.empty();
        }

        @Override
        public byte[] next() {
            if (++served > 3) throw new EngineFailure("the model produced NaN");
            try {
                while (encoded.size() == 0) audio.write(tone());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] piece = encoded.toByteArray();
            encoded.reset();
            return piece;
        }

        @Override
        public double audioSeconds() {
            return audio.seconds();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void close() {
            audio.close();
        }
    }

    static PcmChunk tone() {
        float[] s = new float[11025];
        for (int i = 0; i < s.length; i++) s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / 22050.0));
        return new PcmChunk(s, 22050);
    }

    @Test
    void sse_ends_a_failed_stream_with_a_visible_error_event_after_the_audio_so_far() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FailingAfterThreePieces response = new FailingAfterThreePieces(AudioFormat.OPUS, 48000);
        try (response) {
            SseBody.write(response, response.next(), out);
        }

        List<Map<String, Object>> events = SpeechFormatsHttpTest.events(out.toByteArray());
        Map<String, Object> last = events.getLast();
        assertThat(last).containsOnlyKeys("type", "error").containsEntry("type", "error");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) last.get("error");
        assertThat(error).containsOnlyKeys("message", "type", "param", "code")
                .containsEntry("type", "server_error").containsEntry("param", null);
        assertThat(error.get("message").toString()).doesNotContain("NaN"); // internals stay in the log
        assertThat(events.subList(0, events.size() - 1)).isNotEmpty()
                .allSatisfy(e -> assertThat(e).containsEntry("type", "speech.audio.delta"));
        assertThat(events).noneMatch(e -> "speech.audio.done".equals(e.get("type")));
        assertThat(response.cancelled).isTrue();
        assertThat(Encoders.openNativeEncoders()).isZero();

        // The deltas sent before the failure are real Ogg Opus (without its end, the decoder may say so).
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (Map<String, Object> e : events.subList(0, events.size() - 1)) {
            audio.write(Base64.getDecoder().decode((String) e.get("audio")));
        }
        assertThat(Decoded.of(audio.toByteArray(), dir).codec()).isEqualTo("opus");
    }

    @Test
    void raw_audio_propagates_a_failure_so_the_connection_is_aborted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FailingAfterThreePieces response = new FailingAfterThreePieces(AudioFormat.MP3, 22050)) {
            byte[] first = response.next();
            assertThatThrownBy(() -> AudioBody.write(response, first, out)).isInstanceOf(EngineFailure.class);
        }
        assertThat(out.size()).isPositive();
    }
}
