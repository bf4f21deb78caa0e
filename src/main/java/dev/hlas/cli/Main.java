package dev.hlas.cli;

import dev.hlas.engine.espeak.EspeakLibraryNotFoundException;
import dev.hlas.error.HlasException;
import dev.hlas.voice.store.VoiceStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hlas} command line: {@code serve}, {@code say}, {@code voices}. */
@Command(name = "hlas", mixinStandardHelpOptions = true, version = "hlas 0.1.0",
        description = "Hlas: a self-hosted, OpenAI-compatible text-to-speech server.",
        subcommands = {ServeCommand.class, SayCommand.class, VoicesCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Hlas's error handling: known failures print one line and exit with 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof EspeakLibraryNotFoundException || e instanceof HlasException
                    || e instanceof IllegalArgumentException
                    || e instanceof VoiceStoreException) {
                cmd.getErr().println("hlas: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
