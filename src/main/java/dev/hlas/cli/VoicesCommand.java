package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.engine.VoiceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code hlas voices}: list the voices this server can speak with. */
@Command(name = "voices", mixinStandardHelpOptions = true, description = "List voices.",
        subcommands = {VoicesCommand.ListCommand.class})
final class VoicesCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        return list(options, System.out);
    }

    static int list(ConfigOptions options, PrintStream out) {
        try (Hlas hlas = Hlas.create(options.toConfig())) {
            out.printf("%-34s %-8s %-14s %-7s %-8s %s%n", "ID", "ENGINE", "LANGUAGE", "RATE", "GENDER", "LICENCE");
            for (VoiceInfo v : hlas.speech().voices().voices()) {
                out.printf("%-34s %-8s %-14s %-7d %-8s %s%n", v.id(), v.engine(), v.languages().getFirst(),
                        v.sampleRate(), v.gender().wireName(), v.licence());
            }
            out.println();
            out.println("OpenAI voice names (" + String.join(", ", hlas.speech().voices().aliases().names().stream()
                    .sorted().toList()) + ") speak each language with the best installed voice.");
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List voices.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            return list(options, System.out);
        }
    }
}
