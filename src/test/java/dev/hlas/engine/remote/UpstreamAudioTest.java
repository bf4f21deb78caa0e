package dev.hlas.engine.remote;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading an upstream's body: WAV headers of several shapes, and raw PCM split across reads. */
class UpstreamAudioTest {
    private static byte[] wav(int type, int channels, int rate, int bits, long dataSize, byte[] data, boolean junk) {
        ByteBuffer b = ByteBuffer.allocate(200 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes());
        if (junk) b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0}); // odd size: one pad byte
        b.put("fmt ".getBytes()).putInt(16).putShort((short) type).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt((int) dataSize).put(data);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static float[] all(UpstreamAudio audio) throws IOException {
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        ByteBuffer f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] chunk = audio.read(); chunk != null; chunk = audio.read()) {
            for (float x : chunk) collected.write(f.clear().putFloat(x).array(), 0, 4);
        }
        ByteBuffer in = ByteBuffer.wrap(collected.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[collected.size() / 4];
        for (int i = 0; i < out.length; i++) out[i] = in.getFloat();
        return out;
    }

    @Test
    void a_streamed_16_bit_mono_wav_runs_to_the_end_of_the_body() throws Exception {
        byte[] data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 16384)
                .putShort((short) -16384).putShort((short) 0).array();
        UpstreamAudio audio = UpstreamAudio.wav(new ByteArrayInputStream(wav(1, 1, 22050, 16, 0xFFFFFFFFL, data, true)));
        assertThat(all(audio)).containsExactly(0.5f, -0.5f, 0f);
        assertThat(audio.sampleRate()).isEqualTo(22050);
    }

    @Test
    void a_float_stereo_wav_is_mixed_to_mono_and_stops_at_its_data_length() throws Exception {
        byte[] data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.2f).putFloat(0.4f)
                .putFloat(-1f).putFloat(1f).putFloat(9f).putFloat(9f).array();
        UpstreamAudio audio = UpstreamAudio.wav(new ByteArrayInputStream(wav(3, 2, 48000, 32, 16, data, false)));
        float[] samples = all(audio);
        assertThat(samples).hasSize(2);
        assertThat(samples[0]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(samples[1]).isZero();
        assertThat(audio.sampleRate()).isEqualTo(48000);
    }

    @Test
    void what_is_not_a_readable_wav_is_bad_audio() {
        assertThatThrownBy(() -> UpstreamAudio.wav(new ByteArrayInputStream("{\"error\":{}}........".getBytes())).read())
                .isInstanceOf(UpstreamAudio.BadAudio.class).hasMessage("sent a body that is not WAV");
        assertThatThrownBy(() -> UpstreamAudio.wav(new ByteArrayInputStream(wav(1, 1, 8000, 8, 0, new byte[4], false)))
                .read()).isInstanceOf(UpstreamAudio.BadAudio.class).hasMessageContaining("with 8 bits");
    }

    @Test
    void raw_pcm_keeps_an_odd_byte_for_the_next_read() throws Exception {
        byte[] body = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 8192)
                .putShort((short) -8192).array();
        // A stream that hands out one byte at a time: every sample is split across two reads.
        var trickle = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
        UpstreamAudio audio = UpstreamAudio.pcm(trickle, 24_000);
        assertThat(all(audio)).containsExactly(0.25f, -0.25f);
        assertThat(audio.sampleRate()).isEqualTo(24_000);
    }
}
