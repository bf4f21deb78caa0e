package dev.hlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Start-up and footprint of the server process, the old and the new JVM defaults side by side in one run:
 * <ul>
 *   <li>{@code jdk} — how {@code ./hlas serve} starts: the full JDK 25 and its own defaults (G1, a quarter of RAM
 *       as heap), no AOT cache;</li>
 *   <li>{@code jdk-capped} — the same with the image's memory defaults passed by hand
 *       ({@code HLAS_JAVA_OPTS}, {@link #JDK_CAPPED}) and {@code MALLOC_ARENA_MAX=2};</li>
 *   <li>{@code image-before} — the image's entry point (deploy/image/hlas: the jlinked runtime with its CDS archive
 *       and the AOT cache) with the image's former JVM defaults ({@link #IMAGE_JVM_BEFORE}) and the host's memory
 *       seen whole ({@code HLAS_MAX_RAM=off});</li>
 *   <li>{@code image} — the same with the image's JVM defaults of the Dockerfile and the entry point's own default for
 *       a host without a memory limit ({@code HLAS_MAX_RAM} unset: 512m);</li>
 *   <li>{@code image-1g} — the image as in a container with a 1 GB memory limit, emulated with
 *       {@code HLAS_MAX_RAM=1g} ({@code -XX:MaxRAM=1g}: what the JVM takes from a cgroup limit).</li>
 * </ul>
 * Per round and variant (variants interleaved, so load on this shared machine hits all alike): process start →
 * first {@code /ready} 200 (polled every 5 ms); RSS after 1 s idle; the first speech request; 30 warm requests
 * (p50); then 1,000 mixed espeak-ng requests (Czech/English, wav/mp3/opus, 4 at a time, a tenth repeated so the
 * cache answers some) and RSS after them. RSS is the process's VmRSS from /proc.
 *
 * <p>The image layout is built under target/bench-image from the jlinked runtime deploy/smoke caches
 * (~/.cache/hlas/smoke/jre-*, or argument 2), target/hlas.jar, target/lib and deploy/image, and trained once with
 * the Dockerfile's defaults (the {@code image-before} variant uses that cache too).
 *
 * <p>Usage: {@code bench/run StartupBench [rounds=1] [jre-dir]}.
 */
public final class StartupBench {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The image's ENV line's JVM defaults (kept in step with Dockerfile by hand: read it there). */
    private static final String IMAGE_JVM = dockerfileEnv("HLAS_JVM_DEFAULTS");
    /** The image's JVM defaults before the footprint work. */
    static final String IMAGE_JVM_BEFORE = "-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=2 "
            + "-Djava.io.tmpdir=/tmp -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp";
    /** What docs/containers.md suggests for {@code ./hlas serve} on a host without a memory limit. */
    static final String JDK_CAPPED = "-XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=25 -XX:NewSize=32m "
            + "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=5000";

    private StartupBench() {
    }

    record Figures(double readyMs, double idleRssMb, double firstMs, double warmP50Ms, double loadedRssMb) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path jre = args.length > 1 ? Path.of(args[1]) : newestJre();
        Path image = layout(jre);
        Path jdk = Path.of(System.getProperty("java.home"));
        List<String> variants = List.of("jdk", "jdk-capped", "image-before", "image", "image-1g");
        Map<String, List<Figures>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (String v : variants) {
                Figures f = measure(v, jdk, image, 18600 + r * 10 + variants.indexOf(v));
                results.get(v).add(f);
                System.err.printf(Locale.ROOT, "round %d %-12s %s%n", r + 1, v, f);
            }
        }
        System.out.printf("## StartupBench — %d cores, %d rounds, medians%n%nimage JVM defaults: `%s`%n%n",
                Runtime.getRuntime().availableProcessors(), rounds, IMAGE_JVM);
        System.out.println("| variant | start → /ready ms | first request ms | warm p50 ms | first / warm p50 "
                + "| RSS idle MB | RSS after 1,000 requests MB |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String v : variants) {
            List<Figures> fs = results.get(v);
            double first = median(fs.stream().mapToDouble(Figures::firstMs).toArray());
            double warm = median(fs.stream().mapToDouble(Figures::warmP50Ms).toArray());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f |%n", v,
                    median(fs.stream().mapToDouble(Figures::readyMs).toArray()), first, warm, first / warm,
                    median(fs.stream().mapToDouble(Figures::idleRssMb).toArray()),
                    median(fs.stream().mapToDouble(Figures::loadedRssMb).toArray()));
        }
        for (String[] pair : List.of(new String[]{"jdk-capped", "jdk"}, new String[]{"image", "image-before"})) {
            ToDoubleFunction<List<Figures>> idle = fs -> median(fs.stream().mapToDouble(Figures::idleRssMb).toArray());
            ToDoubleFunction<List<Figures>> loaded = fs -> median(fs.stream().mapToDouble(Figures::loadedRssMb).toArray());
            ToDoubleFunction<List<Figures>> warm = fs -> median(fs.stream().mapToDouble(Figures::warmP50Ms).toArray());
            List<Figures> a = results.get(pair[0]);
            List<Figures> b = results.get(pair[1]);
            System.out.printf(Locale.ROOT, "%n%s / %s: RSS idle %.2f, RSS loaded %.2f, warm p50 %.2f", pair[0], pair[1],
                    idle.applyAsDouble(a) / idle.applyAsDouble(b), loaded.applyAsDouble(a) / loaded.applyAsDouble(b),
                    warm.applyAsDouble(a) / warm.applyAsDouble(b));
        }
        System.out.println();
    }

    private static Figures measure(String variant, Path jdk, Path image, int port) throws Exception {
        Path home = Files.createTempDirectory("hlas-bench-startup");
        List<String> command;
        ProcessBuilder pb;
        if (variant.startsWith("jdk")) {
            command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
            if (variant.equals("jdk-capped")) command.addAll(List.of(JDK_CAPPED.split(" ")));
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "-jar", ROOT.resolve("target/hlas.jar").toString(), "serve"));
            pb = new ProcessBuilder(command);
            if (variant.equals("jdk-capped")) pb.environment().put("MALLOC_ARENA_MAX", "2");
        } else {
            pb = new ProcessBuilder(image.resolve("bin/hlas").toString(), "serve");
            pb.environment().put("HLAS_DIR", image.toString());
            pb.environment().put("HLAS_JVM_DEFAULTS", variant.equals("image-before") ? IMAGE_JVM_BEFORE : IMAGE_JVM);
            pb.environment().put("MALLOC_ARENA_MAX", "2");
            pb.environment().put("HLAS_AOT", "on");
            pb.environment().remove("HLAS_MAX_RAM");
            if (variant.equals("image-before")) pb.environment().put("HLAS_MAX_RAM", "off");
            if (variant.equals("image-1g")) pb.environment().put("HLAS_MAX_RAM", "1g");
        }
        pb.environment().put("HLAS_HOME", home.toString());
        pb.environment().put("HLAS_PORT", Integer.toString(port));
        pb.environment().put("HLAS_HOST", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(home.resolve("serve.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            while (true) {
                if (!p.isAlive()) throw new IllegalStateException(variant + " exited: " + Files.readString(home.resolve("serve.log")));
                try {
                    if (HTTP.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            double readyMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(1000);
            double idle = rssMb(p.pid());
            double first = speak(base, "Dobrý den, vítejte u nás.", "alloy", "wav");
            double[] warm = new double[30];
            for (int i = 0; i < warm.length; i++) warm[i] = speak(base, "Dobrý den, vítejte číslo " + i + ".", "alloy", "wav");
            mixed(base, 1000);
            double loaded = rssMb(p.pid());
            return new Figures(readyMs, idle, first, median(warm), loaded);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void mixed(URI base, int n) throws Exception {
        String[] formats = {"wav", "mp3", "opus"};
        String[][] texts = {{"alloy", "Dnes je %d. den v týdnu a venku prší."}, {"espeak:en-us", "Request %d of the mixed load, "
                + "with numbers like 3.14 and dates."}, {"alloy", "Prosím, zavolejte mi zítra v %d hodin."},
                {"espeak:en-us", "The quick brown fox number %d jumps over the lazy dog."}};
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Double>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                String[] t = texts[k % texts.length];
                int variant = k % 10 == 0 ? 0 : k;   // a tenth repeat: cache hits too
                all.add(pool.submit(() -> speak(base, t[1].formatted(variant), t[0], formats[k % formats.length])));
            }
            for (Future<Double> f : all) f.get();
        }
    }

    private static double speak(URI base, String text, String voice, String format) throws Exception {
        String json = "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"response_format\":\"" + format
                + "\",\"input\":\"" + text + "\"}";
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/audio/speech"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("speech " + r.statusCode() + ": " + new String(r.body()));
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The image layout under target/bench-image (as /opt/hlas in the image), trained once per jar. */
    private static Path layout(Path jre) throws Exception {
        Path dir = ROOT.resolve("target/bench-image");
        Path aot = dir.resolve("hlas.aot");
        Path jar = ROOT.resolve("target/hlas.jar");
        if (Files.exists(aot) && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0
                && Files.exists(dir.resolve("java"))) {
            return dir;
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        Files.createDirectories(dir);
        for (String[] copy : List.of(new String[]{jre.toString(), "java"}, new String[]{"target/lib", "lib"},
                new String[]{"target/hlas.jar", "hlas.jar"}, new String[]{"deploy/image", "bin"})) {
            int rc = new ProcessBuilder("cp", "-a", copy[0], dir.resolve(copy[1]).toString()).inheritIO().start().waitFor();
            if (rc != 0) throw new IllegalStateException("cp " + copy[0]);
        }
        ProcessBuilder train = new ProcessBuilder(dir.resolve("bin/aot-train").toString(), aot.toString()).inheritIO();
        train.environment().put("HLAS_DIR", dir.toString());
        train.environment().put("HLAS_JVM_DEFAULTS", IMAGE_JVM);
        train.environment().put("MALLOC_ARENA_MAX", "2");
        if (train.start().waitFor() != 0) throw new IllegalStateException("aot-train failed");
        return dir;
    }

    private static Path newestJre() throws IOException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache/hlas/smoke");
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("jre-"))
                    .max(Comparator.comparing(d -> d.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no jlinked runtime in " + cache + ": run deploy/smoke"));
        }
    }

    /** One variable of the Dockerfile's ENV instruction ({@code KEY="value"}). */
    private static String dockerfileEnv(String key) {
        try {
            String text = Files.readString(ROOT.resolve("Dockerfile"));
            int at = text.indexOf(key + "=\"");
            if (at < 0) throw new IllegalStateException(key + " not in Dockerfile");
            int from = at + key.length() + 2;
            return text.substring(from, text.indexOf('"', from));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
