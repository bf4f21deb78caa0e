package dev.hlas.cli;

import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.VoiceUnavailable;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorReportTest {
    private record Report(int code, String text) {
    }

    private static Report report(Exception e) {
        StringWriter out = new StringWriter();
        int code = Main.report(e, new PrintWriter(out));
        return new Report(code, out.toString());
    }

    @Test
    void engine_and_model_failures_reach_a_cli_user_as_one_line_without_a_stack_trace() {
        for (Exception e : new Exception[]{new EngineFailure("ORT run failed", new IllegalStateException("native")),
                new ModelBroken("model file x.onnx is truncated. Reinstall it with: hlas voices pull x"),
                new IllegalStateException("unexpected")}) {
            Report r = report(e);
            assertThat(r.text()).as(e.toString()).startsWith("hlas: ").doesNotContain("\tat ");
            assertThat(r.text().strip().lines().count()).isEqualTo(1);
            assertThat(r.code()).isEqualTo(Main.FAILURE);
        }
    }

    @Test
    void failures_the_user_can_fix_exit_with_2_and_keep_their_message() {
        Report r = report(new VoiceUnavailable("Voice 'x' is not installed. Install it with: hlas voices pull x"));
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.text()).isEqualTo("hlas: Voice 'x' is not installed. Install it with: hlas voices pull x"
                + System.lineSeparator());
    }
}
