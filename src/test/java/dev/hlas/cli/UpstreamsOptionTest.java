package dev.hlas.cli;

import dev.hlas.engine.remote.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --upstreams FILE}: read at start, and a mistake in it stops the command with the line it is on. */
class UpstreamsOptionTest {
    @TempDir
    Path dir;

    @Test
    void the_file_becomes_the_remote_engines_settings() throws Exception {
        Path file = Files.writeString(dir.resolve("up.yaml"), """
                upstreams:
                  - name: gpu
                    url: http://gpu-box:8000
                    api_key: sk-secret
                    tts: {voices: [alloy]}
                """);
        SynthesisOptions options = CommandLine.populateCommand(new SynthesisOptions(), "--upstreams", file.toString());
        assertThat(options.toConfig().engines().remote().upstreams()).extracting(Upstream::name).containsExactly("gpu");
    }

    @Test
    void a_mistake_stops_the_command_naming_the_line_and_not_the_key() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                upstreams:
                  - name: gpu
                    url: http://gpu-box:8000
                    api_key: sk-secret
                    priorty: 1
                    tts: {voices: [alloy]}
                """);
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("voices", "list", "--home", dir.resolve("home").toString(), "--upstreams",
                file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--upstreams " + file + " line 5: unknown key 'priorty'")
                .doesNotContain("sk-secret");
    }
}
