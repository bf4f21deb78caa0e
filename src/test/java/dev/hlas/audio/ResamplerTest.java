package dev.hlas.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResamplerTest {
    static float[] sine(double hz, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }

    static float[] all(Resampler r, float[] in, int chunk) {
        float[] out = new float[0];
        for (int i = 0; i < in.length; i += chunk) {
            out = concat(out, r.process(Arrays.copyOfRange(in, i, Math.min(in.length, i + chunk))));
        }
        return concat(out, r.flush());
    }

    static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Amplitude of {@code hz} in {@code s} (single-bin DFT over the middle, away from the edges). */
    static double amplitude(float[] s, double hz, int rate) {
        int from = s.length / 4;
        int to = 3 * s.length / 4;
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            re += s[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += s[i] * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @ParameterizedTest
    @CsvSource({"22050,24000", "24000,22050", "22050,48000", "44100,16000", "24000,8000", "16000,47999"})
    void a_tone_keeps_its_pitch_level_and_length(int in, int out) {
        float[] input = sine(1000, in, in); // one second
        float[] output = all(new Resampler(in, out), input, 3001);
        assertThat(output.length).isEqualTo((int) Math.ceil((double) in * out / in));
        assertThat(amplitude(output, 1000, out)).isCloseTo(0.5, within(0.005));
        assertThat(amplitude(output, 1100, out)).isLessThan(0.005);
    }

    @Test
    void content_above_the_new_nyquist_is_filtered_not_folded_back() {
        // 10 kHz at 22.05 kHz → 8 kHz: sample dropping would fold it to 2 kHz at full level.
        float[] output = all(new Resampler(22050, 8000), sine(10_000, 22050, 22050), 4096);
        assertThat(AudioOutputTest.rms(Arrays.copyOfRange(output, 800, 7200))).isLessThan(0.5 / Math.sqrt(2) / 1000);
    }

    @Test
    void chunking_does_not_change_the_result() {
        float[] input = sine(700, 22050, 30_000);
        float[] whole = all(new Resampler(22050, 24000), input, input.length);
        float[] pieces = all(new Resampler(22050, 24000), input, 97);
        assertThat(pieces).containsExactly(whole, within(1e-6f));
    }

    @Test
    void equal_rates_pass_samples_through() {
        float[] input = sine(700, 24000, 1000);
        Resampler r = new Resampler(24000, 24000);
        assertThat(r.process(input)).isSameAs(input);
        assertThat(r.flush()).isEmpty();
    }
}
