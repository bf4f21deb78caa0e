package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.audio.AudioFormat;
import dev.hlas.batch.BatchFailure;
import dev.hlas.batch.BatchInput;
import dev.hlas.batch.BatchRow;
import dev.hlas.batch.BatchRunner;
import dev.hlas.batch.BatchSummary;
import dev.hlas.batch.PipelineRenderer;
import dev.hlas.batch.Progress;
import dev.hlas.batch.ServerRenderer;
import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hlas batch}: renders every row of a JSON Lines or CSV file to its own audio file with a manifest, in-process
 * through the response pipeline (cache included) or against a running server. Exits 0 when every row rendered (or
 * was already done), 1 when any row failed (the failures are listed with their line numbers), 2 on a usage error.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Render every row of a .jsonl or .csv file to an audio file, with a manifest.json.")
final class BatchCommand implements Callable<Integer> {
    @Mixin
    SynthesisOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The rows: a .jsonl file (one JSON speech request per line) or a .csv "
            + "file (a header row naming the fields). Each row: 'input', optional 'id', any speech-request field.")
    Path file;

    @Option(names = "--out", required = true, description = "Directory for the audio files and manifest.json.")
    Path out;

    @Option(names = {"-f", "--format"}, defaultValue = "mp3",
            description = "Format of rows that name none (mp3, opus, aac, flac, wav, pcm); default: mp3.")
    String format;

    @Option(names = {"-v", "--voice"}, description = "Voice of rows that name none; default: --default-voice.")
    String voice;

    @Option(names = "--jobs", description = "Rows rendered in parallel; default: the number of processors.")
    Integer jobs;

    @Option(names = "--server", description = "Send the rows to a running Hlas at this URL instead of rendering "
            + "in-process, e.g. http://localhost:8000.")
    URI server;

    @Option(names = "--api-key", description = "API key for --server.")
    String apiKey;

    @Option(names = "--progress", defaultValue = "auto", description = "auto (a bar on a terminal, log lines "
            + "otherwise), bar, log or none.")
    String progress;

    @Override
    public Integer call() throws Exception {
        if (AudioFormat.fromWire(format).isEmpty()) {
            throw new IllegalArgumentException("unknown audio format '" + format + "' (mp3, opus, aac, flac, wav, pcm)");
        }
        if (apiKey != null && server == null) throw new IllegalArgumentException("--api-key needs --server");
        int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (parallel < 1 || parallel > 256) throw new IllegalArgumentException("--jobs must be between 1 and 256");
        PrintWriter err = spec.commandLine().getErr();
        Progress view = progress(err);
        List<BatchRow> rows = BatchInput.read(file);
        HlasConfig config = options.toConfig();
        BatchRunner.Defaults defaults = new BatchRunner.Defaults("tts-1",
                voice != null ? voice : config.defaultVoice(), format);
        BatchSummary summary;
        if (server != null) {
            try (ServerRenderer renderer = new ServerRenderer(server, apiKey)) {
                summary = new BatchRunner(out, renderer, config.maxInputChars(), defaults, parallel, view).run(rows);
            }
        } else {
            try (Hlas hlas = Hlas.create(config)) {
                summary = new BatchRunner(out, new PipelineRenderer(hlas.responses()), config.maxInputChars(),
                        defaults, parallel, view).run(rows);
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "batch: %d rows: %d rendered, %d already done, %d failed; "
                        + "%.1f s of audio in %.1f s", summary.rows(), summary.rendered(), summary.skipped(),
                summary.failures().size(), summary.audioSeconds(), summary.wallSeconds()));
        stdout.flush();
        if (!summary.ok()) {
            err.println("hlas: " + summary.failures().size() + " row(s) failed:");
            for (BatchFailure f : summary.failures()) err.println("  " + f.describe());
            err.flush();
            return Main.FAILURE;
        }
        return 0;
    }

    private Progress progress(PrintWriter err) {
        return switch (progress) {
            case "bar" -> Progress.bar(err);
            case "log" -> Progress.log(err);
            case "none" -> Progress.none();
            case "auto" -> {
                Console console = System.console();
                yield console != null && console.isTerminal() ? Progress.bar(err) : Progress.log(err);
            }
            default -> throw new IllegalArgumentException("--progress must be auto, bar, log or none");
        };
    }
}
