package dev.hlas.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each command offers (and its {@code --help} lists) only the options it uses. */
class CommandOptionsTest {
    static final List<String> SERVER = List.of("--host", "--port", "--max-input-chars", "--workers", "--queue-limit",
            "--request-timeout", "--max-streams-per-client", "--trusted-proxies", "--[no-]cache", "--cache-memory-mb",
            "--cache-disk-mb", "--api-keys", "--api-keys-file", "--cors-origins", "--shutdown-grace", "--log-texts");
    static final List<String> ENGINE = List.of("--default-voice", "--default-voices", "--espeak-library",
            "--espeak-data", "--onnx-threads", "--onnx-spinning", "--sentence-silence");

    static String help(String... command) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void serve_lists_every_server_engine_and_home_option() {
        String help = help("serve");
        assertThat(help).contains(SERVER).contains(ENGINE).contains("--home").doesNotContain("--mirror");
    }

    @Test
    void say_lists_engine_options_but_no_server_option() {
        String help = help("say");
        assertThat(help).contains(ENGINE).contains("--home", "--voice", "--output");
        for (String option : SERVER) assertThat(help).doesNotContain(option + " ");
        assertThat(help).doesNotContain("--mirror");
    }

    @Test
    void voices_import_and_remove_list_only_the_data_directory() {
        for (String command : List.of("import", "remove")) {
            String help = help("voices", command);
            assertThat(help).contains("--home");
            for (String option : SERVER) assertThat(help).as(command).doesNotContain(option + " ");
            for (String option : ENGINE) assertThat(help).as(command).doesNotContain(option + " ");
            assertThat(help).doesNotContain("--mirror");
        }
    }

    @Test
    void voices_pull_lists_the_mirror_and_the_data_directory() {
        String help = help("voices", "pull");
        assertThat(help).contains("--home", "--mirror", "--accept-licence");
        for (String option : SERVER) assertThat(help).doesNotContain(option + " ");
        for (String option : ENGINE) assertThat(help).doesNotContain(option + " ");
    }

    @Test
    void voices_list_lists_engine_options_but_no_server_option() {
        for (String[] command : List.of(new String[]{"voices", "list"}, new String[]{"voices"})) {
            String help = help(command);
            assertThat(help).contains(ENGINE).contains("--home");
            for (String option : SERVER) assertThat(help).doesNotContain(option + " ");
        }
    }

    @Test
    void a_server_option_on_a_voices_command_is_refused() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("voices", "import", "/nowhere", "--cors-origins", "*")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option", "'--cors-origins'");
    }
}
