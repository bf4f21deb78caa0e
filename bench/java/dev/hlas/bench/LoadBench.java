package dev.hlas.bench;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.testing.TestEngine;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Serving under load, loopback only, bounded in time (about 2.5 minutes with the defaults).
 *
 * <p>Part 1 — synthesis: Hlas in-process with a synthetic engine that burns one core for 0.15 s per second of audio
 * it returns (RTF 0.15 on one thread, like a Piper medium voice), each request two sentences of 1.5 s audio
 * (one chunk per sentence, as Piper yields), WAV, cache bypassed. A closed-loop Java load generator (JDK HttpClient,
 * virtual threads) keeps {@code c} requests in flight for {@code seconds}; reported: requests/s, audio s/s,
 * p50/p95 time to first byte and total time, errors. Run with pools of 1 and 2 workers.
 *
 * <p>Part 2 — cache hits: the same response requested again and again (X-Cache: hit) at concurrency 8, against
 * {@code nginx} serving the same bytes as a static file, in the same run, with the same generator, and with
 * {@code wrk} when installed (nginx and wrk from Debian; {@code apt-get install nginx-light wrk}).
 *
 * <p>Usage: {@code bench/run LoadBench [seconds-per-level [hits]]} ({@code hits}: only part 2).
 */
public final class LoadBench {
    private static final double RTF = 0.15;
    private static final double SENTENCE_SECONDS = 1.5;

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean hitsOnly = args.length > 1 && args[1].equals("hits");
        Path home = Files.createTempDirectory("hlas-bench");
        System.out.printf("## LoadBench — %d cores, %d s per level, synthetic engine RTF %.2f per thread%n%n",
                Runtime.getRuntime().availableProcessors(), seconds, RTF);
        System.out.println("| workers | concurrency | req/s | audio s/s | TTFB p50 ms | TTFB p95 ms | total p50 ms "
                + "| total p95 ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        byte[] cachedBody = null;
        String hitJson = null;
        for (int workers : hitsOnly ? new int[]{2} : new int[]{1, 2}) {
            TestEngine engine = new TestEngine("synthetic", workers).chunks(1, SENTENCE_SECONDS).cpuRtf(RTF);
            HlasConfig config = HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home.resolve("w"
                    + workers));
            config = config.withServing(config.serving().withWorkers(Map.of("synthetic", workers)).withQueueLimit(16)
                    .withMaxStreamsPerClient(0));
            try (Hlas hlas = Hlas.serve(config, SynthesisListener.NONE, List.of(engine));
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                URI uri = URI.create("http://127.0.0.1:" + hlas.port() + "/v1/audio/speech");
                Load warm = run(http, () -> post(uri, uniqueJson(engine), true), 2, 3);
                if (warm.errors > 0) System.out.println("warm-up errors: " + warm.errors);
                for (int c : hitsOnly ? new int[0] : workers == 1 ? new int[]{1, 2, 4} : new int[]{1, 2, 4, 8}) {
                    Load load = run(http, () -> post(uri, uniqueJson(engine), true), c, seconds);
                    System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.1f | %.0f | %.0f | %.0f | %.0f | %d |%n",
                            workers, c, load.rps(), load.rps() * 2 * SENTENCE_SECONDS, load.ttfb(0.5), load.ttfb(0.95),
                            load.total(0.5), load.total(0.95), load.errors);
                }
                if (workers == 2) {
                    hitJson = json(engine, "The cached sentence. It is served again and again.");
                    HttpResponse<byte[]> first = http.send(post(uri, hitJson, false),
                            HttpResponse.BodyHandlers.ofByteArray());
                    cachedBody = first.body();
                    cacheHits(http, uri, hitJson, cachedBody, seconds);
                }
            }
        }
    }

    private static void cacheHits(HttpClient http, URI uri, String json, byte[] body, int seconds) throws Exception {
        System.out.printf("%n### Cache hits vs nginx (same %d-byte WAV, concurrency 8, %d s each)%n%n", body.length,
                seconds);
        System.out.println("| server | client | req/s | p50 ms | p95 ms | errors |");
        System.out.println("|---|---|---|---|---|---|");
        HttpRequest hit = post(uri, json, false);
        HttpResponse<byte[]> check = http.send(hit, HttpResponse.BodyHandlers.ofByteArray());
        if (!"hit".equals(check.headers().firstValue("X-Cache").orElse("")) || !Arrays.equals(check.body(), body)) {
            throw new IllegalStateException("expected a byte-identical cache hit");
        }
        run(http, () -> hit, 8, 4); // warm (JIT)
        Load hlas = run(http, () -> hit, 8, seconds);
        row("Hlas (X-Cache: hit)", "Java HttpClient", hlas);
        Nginx nginx = Nginx.start(body);
        if (nginx == null) {
            System.out.println("| nginx | — | not installed | | | |");
            return;
        }
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(nginx.url())).GET().build();
            HttpResponse<byte[]> same = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            if (!Arrays.equals(same.body(), body)) throw new IllegalStateException("nginx served other bytes");
            run(http, () -> get, 8, 4);
            row("nginx 1.22 static file", "Java HttpClient", run(http, () -> get, 8, seconds));
            String wrkHlas = Wrk.run(uri.toString(), json, seconds);
            String wrkNginx = Wrk.run(nginx.url(), null, seconds);
            if (wrkHlas != null) System.out.println("| Hlas (X-Cache: hit) | wrk -t2 -c8 | " + wrkHlas + " |");
            if (wrkNginx != null) System.out.println("| nginx 1.22 static file | wrk -t2 -c8 | " + wrkNginx + " |");
        } finally {
            nginx.stop();
        }
    }

    private static void row(String server, String client, Load l) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %d |%n", server, client, l.rps(),
                l.total(0.5), l.total(0.95), l.errors);
    }

    private static final AtomicLong SEQ = new AtomicLong();

    private static String uniqueJson(TestEngine engine) {
        long n = SEQ.incrementAndGet();
        return json(engine, "This is request number " + n + ". It has a second sentence, number " + n + ".");
    }

    private static String json(TestEngine engine, String text) {
        return "{\"model\":\"tts-1\",\"voice\":\"" + engine.voiceId() + "\",\"input\":\"" + text
                + "\",\"response_format\":\"wav\",\"language\":\"en\"}";
    }

    private static HttpRequest post(URI uri, String json, boolean bypassCache) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (bypassCache) b.header("Cache-Control", "no-store");
        return b.build();
    }

    /** Keeps {@code concurrency} requests in flight for {@code seconds}; measures TTFB and total per request. */
    static Load run(HttpClient http, Supplier<HttpRequest> requests, int concurrency, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[64 * 1024];
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<InputStream> r = http.send(requests.get(), HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            int n = in.read(buf);
                            long first = System.nanoTime();
                            while (n >= 0) n = in.read(buf);
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            samples.add(new long[]{first - t0, System.nanoTime() - t0});
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Load(List.copyOf(samples), errors.get(), elapsed);
    }

    record Load(List<long[]> samples, long errors, double elapsedSeconds) {
        double rps() {
            return samples.size() / elapsedSeconds;
        }

        double ttfb(double q) {
            return percentile(0, q);
        }

        double total(double q) {
            return percentile(1, q);
        }

        private double percentile(int index, double q) {
            if (samples.isEmpty()) return Double.NaN;
            double[] v = samples.stream().mapToDouble(s -> s[index] / 1e6).sorted().toArray();
            return v[Math.max(0, Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1))];
        }
    }

    /** nginx from Debian serving one file, started for the run and stopped after it. */
    record Nginx(Process process, int port, Path dir) {
        static Nginx start(byte[] body) throws IOException, InterruptedException {
            Path binary = Path.of("/usr/sbin/nginx");
            if (!Files.isExecutable(binary)) return null;
            Path dir = Files.createTempDirectory("hlas-bench-nginx");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.write(www.resolve("speech.wav"), body);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            Files.writeString(dir.resolve("nginx.conf"), user + """
                    worker_processes 2;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      sendfile on;
                      tcp_nopush on;
                      keepalive_requests 1000000;
                      client_body_temp_path %1$s/tmp;
                      proxy_temp_path %1$s/tmp;
                      fastcgi_temp_path %1$s/tmp;
                      uwsgi_temp_path %1$s/tmp;
                      scgi_temp_path %1$s/tmp;
                      types { audio/wav wav; }
                      server { listen 127.0.0.1:%2$d; root %1$s/www; }
                    }
                    """.formatted(dir, port));
            Files.createDirectories(dir.resolve("tmp"));
            Process p = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Nginx n = new Nginx(p, port, dir);
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until) {
                try {
                    new Socket("127.0.0.1", port).close();
                    return n;
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            n.stop();
            throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log")));
        }

        String url() {
            return "http://127.0.0.1:" + port + "/speech.wav";
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    /** wrk from Debian, when installed: requests/s and latency percentiles of one run. */
    static final class Wrk {
        static String run(String url, String postJson, int seconds) throws IOException, InterruptedException {
            Path binary = Path.of("/usr/bin/wrk");
            if (!Files.isExecutable(binary)) return null;
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-t2", "-c8", "-d" + seconds + "s",
                    "--latency"));
            if (postJson != null) {
                Path script = Files.createTempFile("hlas-wrk", ".lua");
                Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                        + "wrk.body = [[" + postJson + "]]\n");
                cmd.addAll(List.of("-s", script.toString()));
            }
            cmd.add(url);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            String rps = grab(out, "Requests/sec:\\s+([0-9.]+)");
            String p50 = grab(out, "\\s50%\\s+([0-9.]+\\w+)");
            String p99 = grab(out, "\\s99%\\s+([0-9.]+\\w+)");
            String non2xx = grab(out, "Non-2xx or 3xx responses: (\\d+)");
            String errs = grab(out, "Socket errors: ([^\\n]+)");
            return rps + " | " + p50 + " | " + p99 + " (p99) | " + (non2xx == null ? "0" : non2xx)
                    + (errs == null ? "" : " socket: " + errs);
        }

        private static String grab(String text, String regex) {
            var m = Pattern.compile(regex).matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }
}
