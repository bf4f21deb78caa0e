package dev.hlas.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each command offers (and its {@code --help} lists) only the options it uses. */
class CommandOptionsTest {
    static final List<String> SERVER = List.of("--host", "--port", "--max-input-chars", "--workers", "--queue-limit",
            "--request-timeout", "--max-streams-per-client", "--trusted-proxies", "--[no-]cache", "--cache-memory-mb",
            "--cache-disk-mb", "--api-keys", "--api-keys-file", "--cors-origins", "--shutdown-grace", "--log-texts");
    static final List<String> ENGINE = List.of("--default-voice", "--default-voices", "--espeak-library",
            "--espeak-data", "--onnx-threads", "--onnx-spinning", "--sentence-silence");

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z_]+)");

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
        assertThat(help).contains(SERVER).contains(ENGINE).contains("--home", "--pull", "--mirror", "--device");
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
    void the_readme_documents_every_flag_and_environment_variable_of_every_command() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Development"));
        List<String> missing = new ArrayList<>();
        collect(Main.commandLine(), table, missing);
        assertThat(missing).as("flags or variables missing from the README's configuration table").isEmpty();
    }

    private static void collect(CommandLine cli, String table, List<String> missing) {
        for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            // A configuration flag has an environment variable; serve has nothing but configuration flags.
            Matcher env = ENV.matcher(String.valueOf(option.defaultValue()));
            boolean configuration = env.find();
            if (configuration && !table.contains("`" + env.group(1) + "`")) missing.add(env.group(1));
            String name = option.longestName();
            if ((configuration || cli.getCommandName().equals("serve")) && !table.contains("`" + name + "`")) {
                missing.add(cli.getCommandName() + " " + name);
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, table, missing));
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
