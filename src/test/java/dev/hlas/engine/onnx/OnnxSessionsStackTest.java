package dev.hlas.engine.onnx;

import dev.hlas.testing.onnx.SyntheticPiperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: creating ORT's environment on a thread with the JVM's default 1 MB stack killed the process with
 * SIGSEGV (ORT 1.29, JDK 25), e.g. `hlas serve` preloading a voice on the main thread. The ORT environment is a
 * process-wide singleton, so this runs in a fresh JVM.
 */
class OnnxSessionsStackTest {
    @TempDir
    Path dir;

    /** Opens a model from a 1 MB-stack thread in a fresh JVM; prints "opened". */
    public static void main(String[] args) throws Exception {
        Thread t = new Thread(null, () -> {
            try (var session = OnnxSessions.open(Path.of(args[0]), OnnxSettings.defaults())) {
                System.out.println("opened " + session.getInputNames().size());
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "small-stack", 1L << 20);
        t.start();
        t.join();
    }

    @Test
    void sessions_open_from_a_thread_with_the_default_one_megabyte_stack() throws Exception {
        Path model = SyntheticPiperModel.write(dir.resolve("m.onnx"), false, 4);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss1m", "-cp",
                System.getProperty("java.class.path"), OnnxSessionsStackTest.class.getName(), model.toString()))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("opened 3");
    }
}
