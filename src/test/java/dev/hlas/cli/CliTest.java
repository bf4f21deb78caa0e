package dev.hlas.cli;

import dev.hlas.testing.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: a separate JVM with the project's classpath. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int exit, byte[] stdout, String stderr) {
    }

    private Run hlas(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("HLAS_HOME", dir.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("stderr.txt")));
    }

    @Test
    void say_writes_a_wav_file_chosen_by_extension() throws Exception {
        Path out = dir.resolve("cs.wav");
        Run run = hlas(Map.of(), null, "say", "Dobrý den, jak se máte?", "-o", out.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        Wav wav = Wav.parse(Files.readAllBytes(out));
        assertThat(wav.sampleRate()).isEqualTo(22050);
        assertThat(wav.seconds()).isGreaterThan(1.0);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void say_reads_stdin_and_writes_stdout() throws Exception {
        Run run = hlas(Map.of(), "Hello from standard input.", "say", "--format", "pcm");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout().length).isGreaterThan(22050); // > 0.5 s of 16-bit audio
    }

    @Test
    void say_uses_the_configured_default_voice_when_none_is_given() throws Exception {
        Run english = hlas(Map.of("HLAS_DEFAULT_VOICE", "espeak:en-gb"), null, "say", "Good morning.", "--format", "pcm");
        assertThat(english.exit()).as(english.stderr()).isZero();
        assertThat(english.stdout().length).isGreaterThan(24000); // > 0.5 s at 24 kHz
        // An unknown default is refused, so the setting is what picks the voice (it used to be ignored).
        Run unknown = hlas(Map.of("HLAS_DEFAULT_VOICE", "nobody"), null, "say", "Hi.", "--format", "pcm");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Voice 'nobody'");
    }

    @Test
    void voices_lists_english_and_czech_espeak_voices() throws Exception {
        Run run = hlas(Map.of(), null, "voices", "list", "--all");
        String out = new String(run.stdout(), StandardCharsets.UTF_8);
        assertThat(run.exit()).isZero();
        assertThat(out).contains("espeak:cs ", "espeak:en-us ", "espeak:en-gb ", "alloy");
    }

    @Test
    void missing_espeak_library_is_a_clear_message_not_a_stack_trace() throws Exception {
        Run run = hlas(Map.of("HLAS_ESPEAK_LIBRARY", dir.resolve("nope/libespeak-ng.so.1").toString()), null,
                "say", "hello", "-o", dir.resolve("x.wav").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("libespeak-ng was not found", "apt-get install libespeak-ng1")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("x.wav")).doesNotExist();
    }
}
