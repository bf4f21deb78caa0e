package dev.hlas.testing;

import dev.hlas.cli.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code hlas serve} in a JVM of its own (the test's class path, {@code dev.hlas.cli.Main}), on a fixed
 * loopback port picked free at construction, with its own home directory: one replica of a scaled-out deployment.
 * It speaks with the built-in espeak-ng voices (no test engine crosses a process boundary). It can be sent SIGTERM
 * and started again on the same port, as a rolling update does. Its output goes to {@code replica.log} in its home.
 */
public final class HlasProcess implements AutoCloseable {
    /** A replica's JVM and warm-up on a loaded 2-core machine took 15–20 s; this leaves room for three at once. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path home;
    private final int port;
    private final List<String> serveArgs;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    private HlasProcess(String name, Path home, int port, List<String> serveArgs) {
        this.name = name;
        this.home = home;
        this.port = port;
        this.serveArgs = serveArgs;
    }

    /** A replica named {@code name} with its home under {@code dir}; {@code serveArgs} are extra flags of serve. */
    public static HlasProcess create(String name, Path dir, String... serveArgs) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        return new HlasProcess(name, Files.createDirectories(dir.resolve(name)), port, List.of(serveArgs));
    }

    /** Starts the process without waiting for it; see {@link #awaitReady()}. */
    public synchronized HlasProcess start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                // a replica only needs to start quickly and serve a few hundred requests
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--home", home.toString(), "--no-ui"));
        command.addAll(serveArgs);
        starts++;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("replica.log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("HLAS_"));
        process = builder.start();
        return this;
    }

    /** Waits until {@code /ready} answers 200; fails with the log's tail if the process dies or takes too long. */
    public HlasProcess awaitReady() throws IOException, InterruptedException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Process p = process();
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " before it was ready:\n"
                        + logTail());
            }
            try {
                if (get("/ready").statusCode() == 200) return this;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " not ready within " + START_TIMEOUT + ":\n" + logTail());
            }
            Thread.sleep(50);
        }
    }

    /** Sends SIGTERM (what Kubernetes sends before it kills a pod). */
    public void terminate() {
        process().destroy();
    }

    /** Waits for the process to exit and answers its exit code, or -1 if it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        Process p = process();
        return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
    }

    public boolean alive() {
        return process().isAlive();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** How often this replica was started. */
    public synchronized int starts() {
        return starts;
    }

    public String logTail() throws IOException {
        Path log = home.resolve("replica.log");
        if (!Files.exists(log)) return "(no log)";
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private synchronized Process process() {
        if (process == null) throw new IllegalStateException(name + " was never started");
        return process;
    }

    /** Kills the process if it still runs (SIGKILL after a short SIGTERM grace). */
    @Override
    public void close() throws InterruptedException {
        http.close();
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
