package dev.hlas.audio;

import dev.hlas.engine.PcmChunk;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AudioOutputTest {
    @TempDir
    Path dir;

    static PcmChunk tone(double hz, double seconds, int rate, double amplitude) {
        float[] s = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < s.length; i++) s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        return new PcmChunk(s, rate);
    }

    static final String[] CONTAINERS = {"mp3", "ogg", "aac", "flac", "wav", "s16le"};
    static final String[] CODECS = {"mp3", "opus", "aac", "flac", "pcm_s16le", "pcm_s16le"};

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void chunks_of_two_native_rates_become_one_valid_stream_in_every_format(AudioFormat format) throws Exception {
        int rate = Encoders.outputRate(format, null, 22050);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double inSeconds = 0;
        try (AudioOutput out = AudioOutput.open(format, rate, 1.0, bytes)) {
            for (int i = 0; i < 3; i++) {
                PcmChunk a = tone(440, 0.7, 22050, 0.5);
                PcmChunk b = tone(440, 0.6, 24000, 0.5); // a different voice's native rate in the same response
                out.write(a);
                out.write(b);
                inSeconds += a.seconds() + b.seconds();
            }
            out.finish();
            assertThat(out.seconds()).isCloseTo(inSeconds, within(0.01));
        }
        assertThat(Encoders.openNativeEncoders()).isZero();
        Decoded d = format == AudioFormat.PCM ? Decoded.rawPcm(bytes.toByteArray(), rate, dir)
                : Decoded.of(bytes.toByteArray(), dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.container()).isEqualTo(CONTAINERS[format.ordinal()]);
        assertThat(d.codec()).isEqualTo(CODECS[format.ordinal()]);
        assertThat(d.sampleRate()).isEqualTo(format == AudioFormat.OPUS ? 48000 : rate);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.seconds()).isCloseTo(inSeconds, within(inSeconds * 0.05));
        assertThat(rms(d.samples())).isCloseTo(0.5 / Math.sqrt(2), within(0.05));
    }

    @Test
    void ogg_opus_ends_with_an_end_of_stream_page_and_pages_go_out_per_write() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AudioOutput out = AudioOutput.open(AudioFormat.OPUS, 48000, 1.0, bytes)) {
            out.write(tone(300, 1.0, 22050, 0.5));
            int afterFirstWrite = bytes.size();
            assertThat(afterFirstWrite).as("audio pages, not only headers, after the first sentence")
                    .isGreaterThan(2000);
            out.finish();
        }
        byte[] ogg = bytes.toByteArray();
        int last = -1;
        for (int i = 0; i + 4 <= ogg.length; i++) {
            if (ogg[i] == 'O' && ogg[i + 1] == 'g' && ogg[i + 2] == 'g' && ogg[i + 3] == 'S') last = i;
        }
        assertThat(last).isPositive();
        assertThat(ogg[last + 5] & 0x04).as("EOS flag of the last page").isEqualTo(0x04);
    }

    @Test
    void a_buffered_wav_gets_exact_sizes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AudioOutput out = AudioOutput.open(AudioFormat.WAV, 22050, 1.0, bytes)) {
            out.write(tone(300, 0.5, 22050, 0.5));
            out.finish();
        }
        byte[] wav = Encoders.completeFile(AudioFormat.WAV, bytes.toByteArray());
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(b.getInt(40)).isEqualTo(wav.length - 44).isEqualTo(11025 * 2);
        Decoded d = Decoded.of(wav, dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.seconds()).isCloseTo(0.5, within(0.001));
    }

    @Test
    void volume_scales_and_clips_instead_of_wrapping() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AudioOutput out = AudioOutput.open(AudioFormat.PCM, 24000, 4.0, bytes)) {
            out.write(tone(300, 0.5, 24000, 0.5));
            out.finish();
        }
        Decoded d = Decoded.rawPcm(bytes.toByteArray(), 24000, dir);
        float max = 0;
        float min = 0;
        for (float v : d.samples()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertThat(max).isGreaterThan(0.99f);
        assertThat(min).isLessThan(-0.99f);
        assertThat(rms(d.samples())).isCloseTo(0.88, within(0.03)); // a sine of amplitude 2 clipped at 1, not wrapped noise
    }

    static double rms(float[] s) {
        double sum = 0;
        for (float v : s) sum += v * v;
        return Math.sqrt(sum / Math.max(1, s.length));
    }
}
