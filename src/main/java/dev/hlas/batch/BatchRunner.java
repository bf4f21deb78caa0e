package dev.hlas.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.api.SpeechRequestParser;
import dev.hlas.error.Busy;
import dev.hlas.error.HlasException;
import dev.hlas.error.InternalFailure;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.regex.Pattern;

/**
 * Runs a batch: validates every row as an HTTP body would be, skips rows whose output already matches the manifest,
 * renders the others on up to {@code jobs} workers, each into a temporary file moved into place only when complete,
 * and records every finished row in the manifest at once. A row's failure never stops the others.
 *
 * <p>Output files are named by the row's {@code id}, else by its content key (a hash of its fields after defaults),
 * plus the format's extension. Temporary files are hidden ({@code .name….part}); those an interrupted run left
 * behind are removed when the next run starts, and those in flight when the JVM is stopped (Ctrl-C) by a shutdown
 * hook.
 */
public final class BatchRunner {
    /** What a row's id may be: it names a file, so no path separators and no leading dot. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final long BUSY_PATIENCE_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** Field values a row takes when it does not give its own. */
    public record Defaults(String model, String voice, String format) {
    }

    private final Path out;
    private final Renderer renderer;
    private final SpeechRequestParser parser;
    private final Defaults defaults;
    private final int jobs;
    private final Progress progress;
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Guards every step that creates, renames or records a file against a stop (Ctrl-C): the shutdown hook takes it,
     * marks the run stopping and deletes the temporary files; no step after that creates or moves one. The JVM halts
     * once the hook returns, so anything created later would be left half-written.
     */
    private final Object files = new Object();
    private boolean stopping;

    public BatchRunner(Path out, Renderer renderer, int maxInputChars, Defaults defaults, int jobs, Progress progress) {
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1");
        this.out = out;
        this.renderer = renderer;
        this.parser = new SpeechRequestParser(maxInputChars);
        this.defaults = defaults;
        this.jobs = jobs;
        this.progress = progress;
    }

    private record Task(BatchRow row, String id, ObjectNode body, SpeechRequest request, String key, String file) {
    }

    public BatchSummary run(List<BatchRow> rows) throws InterruptedException {
        long started = System.nanoTime();
        try {
            Files.createDirectories(out);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + out + ": " + e.getMessage(), e);
        }
        Manifest manifest = Manifest.load(out);
        List<BatchFailure> failures = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> fileLines = new HashMap<>();
        int skipped = 0;
        for (BatchRow row : rows) {
            if (row.problem() != null) {
                failures.add(new BatchFailure(row.line(), null, row.problem()));
                continue;
            }
            Task task;
            try {
                task = plan(row);
            } catch (HlasException e) {
                failures.add(new BatchFailure(row.line(), idOf(row), describe(e)));
                continue;
            }
            if (task.id() != null && ids.containsKey(task.id())) {
                failures.add(new BatchFailure(row.line(), task.id(), "duplicate id (first on line "
                        + ids.get(task.id()) + ")"));
                continue;
            }
            if (task.id() != null) ids.put(task.id(), row.line());
            files.add(task.file());
            if (fileLines.putIfAbsent(task.file(), row.line()) != null) {
                skipped++; // the same fields as an earlier row without an id: the same file
                continue;
            }
            boolean done = manifest.get(task.file())
                    .filter(e -> task.key().equals(e.request()) && Manifest.matches(out, e))
                    .isPresent();
            if (done) {
                skipped++;
            } else {
                tasks.add(task);
            }
        }
        progress.start(rows.size(), tasks.size(), skipped);
        failures.forEach(f -> progress.rowFailed(f, false));
        List<BatchFailure> renderFailures = new ArrayList<>();
        DoubleAdder audio = new DoubleAdder();
        Thread cleanup = new Thread(this::stop, "hlas-batch-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("hlas-batch-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    try {
                        ManifestEntry entry = render(task, manifest);
                        if (entry.duration() != null) audio.add(entry.duration());
                        progress.rowDone(entry);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        BatchFailure failure = new BatchFailure(task.row().line(), task.id(), describe(e));
                        synchronized (renderFailures) {
                            renderFailures.add(failure);
                        }
                        progress.rowFailed(failure, true);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            deleteInFlight();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
        manifest.retain(files);
        progress.end();
        failures.addAll(renderFailures);
        failures.sort(Comparator.comparingInt(BatchFailure::line));
        return new BatchSummary(rows.size(), tasks.size() - renderFailures.size(), skipped, failures, audio.sum(),
                (System.nanoTime() - started) / 1e9);
    }

    private static String idOf(BatchRow row) {
        JsonNode id = row.fields().get("id");
        return id == null || id.isNull() ? null : id.asText();
    }

    /** Validates a row and decides its file; an {@link HlasException} names what is wrong. */
    private Task plan(BatchRow row) {
        ObjectNode body = row.fields().deepCopy();
        JsonNode idNode = body.remove("id");
        String id = null;
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual() && !idNode.isIntegralNumber()) {
                throw HlasException.invalid("id", "'id' must be a string or an integer.");
            }
            id = idNode.asText();
            if (!ID.matcher(id).matches()) {
                throw HlasException.invalid("id", "'id' names the output file: letters, digits, '.', '_' and '-', "
                        + "not starting with '.', at most 128 characters; got '" + id + "'.");
            }
        }
        if (!body.has("model")) body.put("model", defaults.model());
        if (!body.has("voice") && defaults.voice() != null) body.put("voice", defaults.voice());
        if (!body.has("response_format") && defaults.format() != null) body.put("response_format", defaults.format());
        SpeechRequest request = parser.parse(body);
        if (request.streamFormat() != StreamFormat.AUDIO) {
            throw HlasException.invalid("stream_format", "a batch writes audio files: 'stream_format' must be 'audio'.");
        }
        String key = contentKey(body);
        String name = (id != null ? id : key.substring(0, 20)) + "." + request.format().wireName();
        return new Task(row, id, body, request, key, name);
    }

    /** A hash of the row's fields after defaults, independent of their order. */
    static String contentKey(ObjectNode body) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        body.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        try {
            byte[] canonical = BatchInput.MAPPER.writeValueAsBytes(sorted);
            return HexFormat.of().formatHex(Manifest.digest().digest(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ManifestEntry render(Task task, Manifest manifest) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BUSY_PATIENCE_NANOS;
        long backoff = 100;
        while (true) {
            try {
                return renderOnce(task, manifest);
            } catch (Busy busy) {
                if (System.nanoTime() > deadline) throw busy;
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    private ManifestEntry renderOnce(Task task, Manifest manifest) throws IOException, InterruptedException {
        Path target = out.resolve(task.file());
        Path temp;
        OutputStream opened;
        synchronized (files) {
            if (stopping) throw new InterruptedException("the batch is stopping");
            temp = Files.createTempFile(out, "." + task.file() + ".", ".part");
            inFlight.add(temp);
            opened = Files.newOutputStream(temp);
        }
        try {
            MessageDigest digest = Manifest.digest();
            Rendered rendered;
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(opened), digest)) {
                rendered = renderer.render(task.body(), task.request(), file);
            }
            ManifestEntry entry;
            synchronized (files) {
                if (stopping) throw new InterruptedException("the batch is stopping");
                long bytes = Files.size(temp);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                entry = new ManifestEntry(task.id(), task.file(), task.row().line(), rendered.voice(),
                        rendered.language(), rendered.duration(), bytes, HexFormat.of().formatHex(digest.digest()),
                        rendered.characters(), task.key());
                manifest.put(entry); // the file and its manifest row appear together, or neither
            }
            return entry;
        } finally {
            opened.close();
            synchronized (files) {
                Files.deleteIfExists(temp);
                inFlight.remove(temp);
            }
        }
    }

    /** Marks the run stopping and deletes the files being written; waits for a rename or manifest write in progress. */
    private void stop() {
        synchronized (files) {
            stopping = true;
            deleteInFlight();
        }
    }

    private void deleteInFlight() {
        for (Path temp : inFlight) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // best effort while stopping; the next run removes it
            }
        }
    }

    /** Removes the temporary files of a run that was killed before it could clean up. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(out, ".*.part")) {
            for (Path part : parts) Files.deleteIfExists(part);
        }
    }

    private static String describe(Exception e) {
        HlasException error = e instanceof HlasException h ? h : HlasException.of(e);
        String message = error instanceof InternalFailure && error.getCause() != null
                ? "internal error: " + error.getCause() : error.getMessage();
        return error.param() == null ? message : message + " [param: " + error.param() + "]";
    }

}
