package dev.hlas.engine.onnx;

import dev.hlas.testing.onnx.SyntheticPiperModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --device}: the CPU build asked for CUDA says it is a CPU build and still loads the model on the CPU. */
class OnnxDeviceTest {
    @TempDir
    Path dir;

    @AfterEach
    void back_to_auto() {
        OnnxSessions.useDevice(OnnxDevice.AUTO);
    }

    @Test
    void parses_the_three_devices_and_names_the_choices_on_a_typo() {
        assertThat(OnnxDevice.parse("auto")).isEqualTo(OnnxDevice.AUTO);
        assertThat(OnnxDevice.parse(" CPU ")).isEqualTo(OnnxDevice.CPU);
        assertThat(OnnxDevice.parse("cuda")).isEqualTo(OnnxDevice.CUDA);
        assertThatThrownBy(() -> OnnxDevice.parse("tpu")).hasMessageContaining("auto, cpu or cuda");
    }

    @Test
    void cuda_on_the_cpu_build_continues_on_the_cpu_and_says_why() throws Exception {
        Path model = SyntheticPiperModel.write(dir.resolve("m.onnx"), false, 4);
        OnnxSessions.useDevice(OnnxDevice.CUDA);
        try (var session = OnnxSessions.open(model, OnnxSettings.defaults())) {
            assertThat(session.getInputNames()).isNotEmpty();
        }
        OnnxSessions.Placement placement = OnnxSessions.placement().orElseThrow();
        assertThat(placement.asked()).isEqualTo(OnnxDevice.CUDA);
        assertThat(placement.cuda()).isFalse();
        assertThat(placement.reason()).contains("CPU build");
    }

    @Test
    void cpu_never_tries_cuda() throws Exception {
        Path model = SyntheticPiperModel.write(dir.resolve("m.onnx"), false, 4);
        OnnxSessions.useDevice(OnnxDevice.CPU);
        try (var session = OnnxSessions.open(model, OnnxSettings.defaults())) {
            assertThat(session.getInputNames()).isNotEmpty();
        }
        assertThat(OnnxSessions.placement().orElseThrow()).isEqualTo(
                new OnnxSessions.Placement(OnnxDevice.CPU, false, null));
    }
}
