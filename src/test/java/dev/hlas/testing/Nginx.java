package dev.hlas.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Debian {@code nginx} in front of Hlas replicas: round robin over them, as a load balancer in front of a
 * scaled-out deployment. It runs in the foreground as a child of the test ({@code daemon off}, no system service),
 * on a free loopback port, with its configuration, logs and temporary files in a directory of its own. Skipped,
 * with the reason, where the binary is missing ({@code ./hlas test} installs it as root).
 *
 * <p>The configuration is the one {@code docs/scale-out.md} recommends: a request the replica refused with 503
 * (it is draining), or could not take at all (connection refused or reset while it restarts), is passed to the next
 * replica. That is safe for {@code POST /v1/audio/speech} although POST is not idempotent, because a draining
 * replica answers 503 before it reads the body or synthesizes anything. A 503 after audio started cannot happen (the
 * status line is already sent), so nothing is ever sent twice. A 500 is passed on too: Jetty answers one (its own
 * page, {@code EofException}) to a request that arrives on a keep-alive connection at the instant the stopping
 * server closes it. Each access-log line holds every upstream tried and their statuses.
 */
public final class Nginx implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts nginx balancing over {@code upstreamPorts} on 127.0.0.1; skips the calling test without nginx. */
    public static Nginx start(Path dir, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "SKIPPED: nginx is not installed (Debian package nginx;"
                + " ./hlas test installs it when run as root)");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String servers = upstreamPorts.stream().map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
                .collect(Collectors.joining("\n"));
        String conf = """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 512; }
                http {
                    log_format hlas '$status $request_time "$upstream_addr" "$upstream_status"';
                    access_log %1$s/logs/access.log hlas;
                    client_body_buffer_size 64k;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    upstream hlas {
                %2$s
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://hlas;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_buffering off;
                            proxy_request_buffering on;
                            proxy_read_timeout 60s;
                            proxy_next_upstream error timeout http_500 http_503 non_idempotent;
                            proxy_next_upstream_tries 3;
                            add_header X-Upstream $upstream_addr always;
                        }
                    }
                }
                """.formatted(dir, servers, port);
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", confFile.toString(),
                "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        Nginx nginx = new Nginx(dir, port, process);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    nginx.close();
                    throw new IllegalStateException("nginx did not start: " + nginx.errors());
                }
                Thread.sleep(20);
            }
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Access-log lines: status, time, the upstreams tried (comma-separated when nginx retried) and their statuses. */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("logs/access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    public String errors() {
        try {
            return Files.readString(dir.resolve("logs/error.log")) + Files.readString(dir.resolve("logs/stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
