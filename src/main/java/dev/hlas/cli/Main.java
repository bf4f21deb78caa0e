package dev.hlas.cli;

import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
import dev.hlas.error.InternalFailure;
import dev.hlas.error.InvalidRequest;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.NativeLibraryMissing;
import dev.hlas.error.NotFound;
import dev.hlas.error.StoreFailure;
import dev.hlas.error.TooLarge;
import dev.hlas.error.Unauthorized;
import dev.hlas.error.Unavailable;
import dev.hlas.error.VoiceUnavailable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code hlas} command line: {@code serve}, {@code say}, {@code batch}, {@code voices}. */
@Command(name = "hlas", mixinStandardHelpOptions = true, version = "hlas 0.1.0",
        description = "Hlas: a self-hosted, OpenAI-compatible text-to-speech server.",
        subcommands = {ServeCommand.class, SayCommand.class, BatchCommand.class, VoicesCommand.class,
                TranscribeCommand.class})
public final class Main implements Runnable {
    /** Exit code of a failure the user can fix (bad option, missing voice, missing library). */
    static final int USER_ERROR = 2;
    /** Exit code of a failure inside Hlas or its models. */
    static final int FAILURE = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Hlas's error handling: every failure prints one line ({@code hlas: …}) and exits with
     * {@value #USER_ERROR} when the user can fix it, {@value #FAILURE} otherwise. No stack trace reaches the user;
     * {@code HLAS_DEBUG=1} prints it as well, for bug reports.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
        return cli;
    }

    /** Prints one line for {@code e} and answers the exit code. */
    static int report(Exception e, PrintWriter err) {
        HlasException error = e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                ? new InvalidRequest(null, null, e.getMessage()) : HlasException.of(e);
        int code = switch (error) {
            case InvalidRequest x -> USER_ERROR;
            case VoiceUnavailable x -> USER_ERROR;
            case NotFound x -> USER_ERROR;
            case Unauthorized x -> USER_ERROR;
            case NativeLibraryMissing x -> USER_ERROR;
            case StoreFailure x -> USER_ERROR;
            case ModelBroken x -> FAILURE;
            case Busy x -> FAILURE;
            case Unavailable x -> FAILURE;
            case EngineFailure x -> FAILURE;
            case ClientGone x -> FAILURE;
            case TooLarge x -> USER_ERROR;
            case InternalFailure x -> FAILURE;
        };
        String message = error instanceof InternalFailure && error.getCause() != null
                ? "internal error: " + error.getCause() : error.getMessage();
        err.println("hlas: " + message);
        if (System.getenv("HLAS_DEBUG") != null) e.printStackTrace(err);
        err.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
