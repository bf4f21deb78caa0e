package dev.hlas.bench;

import dev.hlas.Hlas;
import dev.hlas.batch.BatchInput;
import dev.hlas.batch.BatchRow;
import dev.hlas.batch.BatchRunner;
import dev.hlas.batch.BatchSummary;
import dev.hlas.batch.PipelineRenderer;
import dev.hlas.batch.Progress;
import dev.hlas.batch.Renderer;
import dev.hlas.batch.ServerRenderer;
import dev.hlas.config.HlasConfig;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Batch throughput in audio seconds per wall second, one voice (espeak:en-us, wav), every run on a cold cache (a
 * fresh home): {@code hlas batch} in-process at 2 and 8 jobs, {@code hlas batch --server} at 8 jobs, and the bare
 * server driven by 8 concurrent HTTP clients (no batch machinery: the ceiling the server mode can reach). Both
 * servers run without the per-client stream limit (its default, 4, would answer the 5th to 8th stream with a 429).
 *
 * <p>Usage: {@code bench/run BatchBench [rows]} (default 64).
 */
public final class BatchBench {
    private static final String VOICE = "espeak:en-us";

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path root = Files.createTempDirectory("hlas-bench-batch");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            texts.add("Prompt number " + i + ": your call is important to us, please stay on the line and an agent "
                    + "will be with you shortly.");
        }
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            jsonl.append("{\"id\":\"r").append(i).append("\",\"input\":\"").append(texts.get(i))
                    .append("\",\"voice\":\"").append(VOICE).append("\",\"response_format\":\"wav\"}\n");
        }
        Path file = Files.writeString(root.resolve("rows.jsonl"), jsonl);
        List<BatchRow> input = BatchInput.read(file);

        inProcess(root.resolve("warm"), input.subList(0, 4), 2); // load espeak, JIT the path
        List<String> lines = new ArrayList<>();
        lines.add(row("batch in-process, --jobs 2", inProcess(root.resolve("p2"), input, 2)));
        lines.add(row("batch in-process, --jobs 8", inProcess(root.resolve("p8"), input, 8)));
        try (TestServer server = TestServer.start(root.resolve("server-home"), s -> s.withMaxStreamsPerClient(0))) {
            URI url = URI.create("http://127.0.0.1:" + server.port());
            run(new ServerRenderer(url, null), root.resolve("warm-s"), input.subList(0, 4), 2);
            lines.add(row("batch --server, --jobs 8", run(new ServerRenderer(url, null), root.resolve("s8"), input, 8)));
        }
        try (TestServer server = TestServer.start(root.resolve("server-home-2"), s -> s.withMaxStreamsPerClient(0))) {
            lines.add(row("server, 8 concurrent HTTP clients", direct(server, texts, 8)));
        }
        System.out.printf("## BatchBench — %d cores, %d rows, %s, wav, cold cache%n%n",
                Runtime.getRuntime().availableProcessors(), rows, VOICE);
        System.out.println("| mode | audio s | wall s | audio s / wall s |");
        System.out.println("|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private record Result(double audio, double wall) {
    }

    private static String row(String mode, Result r) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.1f |", mode, r.audio(), r.wall(), r.audio() / r.wall());
    }

    private static Result inProcess(Path home, List<BatchRow> rows, int jobs) throws Exception {
        try (Hlas hlas = Hlas.create(HlasConfig.defaults().withHome(home))) {
            return run(new PipelineRenderer(hlas.responses()), home.resolve("out"), rows, jobs);
        }
    }

    private static Result run(Renderer renderer, Path out, List<BatchRow> rows, int jobs) throws Exception {
        BatchRunner runner = new BatchRunner(out, renderer, 4096, new BatchRunner.Defaults("tts-1", VOICE, "wav"),
                jobs, Progress.none());
        BatchSummary s = runner.run(rows);
        if (!s.ok()) throw new IllegalStateException(s.failures().toString());
        return new Result(s.audioSeconds(), s.wallSeconds());
    }

    private static Result direct(TestServer server, List<String> texts, int clients) throws Exception {
        for (int i = 0; i < 4; i++) server.post(TestServer.speechJson(VOICE, "Warm up " + i + ".", "wav"));
        DoubleAdder audio = new DoubleAdder();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (String text : texts) {
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        HttpResponse<byte[]> r = server.post(TestServer.speechJson(VOICE, text, "wav"));
                        if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
                        audio.add(Wav.parse(r.body()).seconds());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        return new Result(audio.sum(), (System.nanoTime() - start) / 1e9);
    }
}
