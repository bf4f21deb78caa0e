package dev.hlas.testing.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java-built synthetic model loads in ONNX Runtime and computes what its recipe says. */
class SyntheticPiperModelTest {
    @TempDir
    Path dir;

    @Test
    void output_length_follows_phoneme_count_and_length_scale() throws Exception {
        Path model = SyntheticPiperModel.write(dir.resolve("p.onnx"), true, 4);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactlyInAnyOrder("input", "input_lengths", "scales", "sid");
            assertThat(run(env, session, 11, 1.0f)).isEqualTo(2816);
            assertThat(run(env, session, 11, 1.5f)).isEqualTo(4352);
        }
    }

    private static long run(OrtEnvironment env, OrtSession session, int t, float lengthScale) throws Exception {
        long[] ids = new long[t];
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, t});
             OnnxTensor lengths = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{t}), new long[]{1});
             OnnxTensor scales = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0.667f, lengthScale, 0.8f}),
                     new long[]{3});
             OnnxTensor sid = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{2}), new long[]{1});
             OrtSession.Result r = session.run(Map.of("input", input, "input_lengths", lengths, "scales", scales,
                     "sid", sid))) {
            long[] shape = ((OnnxTensor) r.get(0)).getInfo().getShape();
            assertThat(shape).hasSize(4);
            return shape[3];
        }
    }
}
