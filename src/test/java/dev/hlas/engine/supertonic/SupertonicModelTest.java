package dev.hlas.engine.supertonic;

import dev.hlas.error.ModelBroken;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Compute;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Estimator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four-graph model call on Supertonic-signature graphs: step count, duration trim, speed, seeded noise. */
class SupertonicModelTest {
    @TempDir
    static Path dir;
    static SupertonicModel annihilating;
    static SupertonicModel damping;
    static VoiceStyle style;

    @BeforeAll
    static void load() throws Exception {
        SyntheticSupertonicModel.write(dir.resolve("a"), Estimator.ANNIHILATING, Compute.NONE, "F1");
        SyntheticSupertonicModel.write(dir.resolve("d"), Estimator.DAMPING, Compute.NONE, "F1");
        annihilating = SupertonicModel.load(dir.resolve("a/onnx"), OnnxSettings.defaults());
        damping = SupertonicModel.load(dir.resolve("d/onnx"), OnnxSettings.defaults());
        style = VoiceStyle.load(dir.resolve("a/voice_styles/F1.json"));
    }

    @AfterAll
    static void close() {
        annihilating.close();
        damping.close();
    }

    private static long[] ids(String text, String lang) {
        return annihilating.indexer().encode(SupertonicText.prepare(text, lang)).ids();
    }

    @Test
    void config_comes_from_tts_json() {
        SupertonicTtsJson config = annihilating.config();
        assertThat(config.sampleRate()).isEqualTo(44100);
        assertThat(config.latentChannels()).isEqualTo(144);
        assertThat(config.samplesPerLatentFrame()).isEqualTo(3072);
        assertThat(style.ttlShape()).containsExactly(1, 50, 256);
        assertThat(style.dpShape()).containsExactly(1, 8, 16);
    }

    /**
     * The estimator recipe multiplies x by (total−cur−1)/(total−cur): after exactly {@code total_steps} runs with
     * cur = 0…total−1 the latent is 0 and the vocoder outputs its bare sine; one run fewer leaves noise, one more
     * gives NaN.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8, 50})
    void vector_estimator_runs_exactly_total_steps_times(int steps) {
        float[] audio = annihilating.synthesize(ids("Dobrý den.", "cs"), style, steps, 1.0, 42).audio();
        for (int n = 0; n < audio.length; n++) {
            assertThat((double) audio[n]).as("sample %d", n).isCloseTo(Math.tanh(0.3 * Math.sin(0.05 * n)),
                    Offset.offset(1e-4));
        }
    }

    @Test
    void the_step_check_can_fail_when_noise_survives() {
        float[] audio = damping.synthesize(ids("Dobrý den.", "cs"), style, 5, 1.0, 42).audio();
        double maxDeviation = 0;
        for (int n = 0; n < audio.length; n++) {
            maxDeviation = Math.max(maxDeviation, Math.abs(audio[n] - Math.tanh(0.3 * Math.sin(0.05 * n))));
        }
        assertThat(maxDeviation).isGreaterThan(1e-3);
    }

    @Test
    void output_is_trimmed_to_the_predicted_duration() {
        long[] ids = ids("Dobrý den.", "cs"); // <cs>Dobry´ den.</cs>: 20 ids
        assertThat(ids).hasSize(20);
        SupertonicModel.Audio audio = annihilating.synthesize(ids, style, 5, 1.0, 1);
        double seconds = 20 * 0.06;
        assertThat(audio.seconds()).isCloseTo(seconds, Offset.offset(1e-5));
        assertThat(audio.audio()).hasSize((int) (audio.seconds() * 44100)); // 52919 or 52920, not 18·3072 = 55296
        assertThat(audio.audio().length).isBetween(52919, 52920).isNotEqualTo(18 * 3072);
    }

    @Test
    void speed_divides_the_duration() {
        long[] ids = ids("Hello world, this is a test.", "en");
        int normal = annihilating.synthesize(ids, style, 3, 1.0, 1).audio().length;
        int fast = annihilating.synthesize(ids, style, 3, 2.0, 1).audio().length;
        int slow = annihilating.synthesize(ids, style, 3, 0.5, 1).audio().length;
        assertThat(normal).isEqualTo((int) (ids.length * 0.06f * 44100));
        assertThat(fast).isCloseTo(normal / 2, Offset.offset(2));
        assertThat(slow).isCloseTo(normal * 2, Offset.offset(2));
    }

    @Test
    void the_same_seed_gives_identical_audio_and_another_seed_does_not() {
        long[] ids = ids("Příliš žluťoučký kůň.", "cs");
        float[] first = damping.synthesize(ids, style, 5, 1.0, 7).audio();
        float[] again = damping.synthesize(ids, style, 5, 1.0, 7).audio();
        float[] other = damping.synthesize(ids, style, 5, 1.0, 8).audio();
        assertThat(again).containsExactly(first);
        assertThat(other).hasSameSizeAs(first);
        assertThat(Arrays.equals(other, first)).isFalse();
    }

    @Test
    void a_missing_graph_is_a_clear_model_error() throws Exception {
        Path broken = SyntheticSupertonicModel.write(dir.resolve("b"), Estimator.ANNIHILATING, Compute.NONE, "F1");
        Files.delete(broken.resolve("onnx/vocoder.onnx"));
        assertThatThrownBy(() -> SupertonicModel.load(broken.resolve("onnx"), OnnxSettings.defaults()))
                .isInstanceOf(ModelBroken.class).hasMessageContaining("vocoder.onnx");
    }

    @Test
    void a_graph_with_the_wrong_signature_is_rejected() throws Exception {
        Path wrong = SyntheticSupertonicModel.write(dir.resolve("w"), Estimator.ANNIHILATING, Compute.NONE, "F1");
        Files.copy(wrong.resolve("onnx/vocoder.onnx"), wrong.resolve("onnx/text_encoder.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> SupertonicModel.load(wrong.resolve("onnx"), OnnxSettings.defaults()))
                .isInstanceOf(ModelBroken.class).hasMessageContaining("text_encoder.onnx")
                .hasMessageContaining("style_ttl");
    }
}
