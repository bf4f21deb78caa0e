package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Decoded;
import dev.hlas.audio.Encoders;
import dev.hlas.error.EngineFailure;
import dev.hlas.engine.PcmChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two response bodies when synthesis fails after the response started. */
class SpeechBodiesTest {
    @TempDir
    Path dir;

    /** Three half-second chunks of a tone, then an engine failure. */
    static PcmSource failingAfterThreeChunks() {
        AtomicInteger served = new AtomicInteger();
        return () -> {
            if (served.incrementAndGet() > 3) throw new EngineFailure("the model produced NaN");
            return tone();
        };
    }

    static PcmChunk tone() {
        float[] s = new float[11025];
        for (int i = 0; i < s.length; i++) s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / 22050.0));
        return new PcmChunk(s, 22050);
    }

    @Test
    void sse_ends_a_failed_stream_with_a_visible_error_event_after_the_audio_so_far() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicBoolean cancelled = new AtomicBoolean();
        PcmSource source = failingAfterThreeChunks();
        SseBody.write(source, source.next(), () -> cancelled.set(true), AudioFormat.OPUS, 48000, 1.0, "Hello.", out);

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
        assertThat(cancelled).isTrue();
        assertThat(Encoders.openNativeEncoders()).isZero();

        // The deltas sent before the failure are real Ogg Opus (without its end, the decoder may say so).
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (Map<String, Object> e : events.subList(0, events.size() - 1)) {
            audio.write(Base64.getDecoder().decode((String) e.get("audio")));
        }
        assertThat(Decoded.of(audio.toByteArray(), dir).codec()).isEqualTo("opus");
    }

    @Test
    void raw_audio_propagates_a_failure_so_the_connection_is_aborted_and_frees_its_encoder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcmSource source = failingAfterThreeChunks();
        PcmChunk first = source.next();
        assertThatThrownBy(() -> AudioBody.write(source, first, AudioFormat.MP3, 22050, 1.0, out))
                .isInstanceOf(EngineFailure.class);
        assertThat(out.size()).isPositive();
        assertThat(Encoders.openNativeEncoders()).isZero();
    }
}
