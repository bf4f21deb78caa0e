package dev.hlas.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hlas.Hlas;
import dev.hlas.config.EnginesConfig;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.piper.PhonemeIdMapper;
import dev.hlas.engine.piper.PiperOnnxJson;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.testing.onnx.RealisticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * First audio against sherpa-onnx (C++) on the heavy Piper-shaped model ({@link RealisticPiperModel}, width 1024):
 * sherpa-onnx's time for the whole first sentence (one {@code generate}, as a server built on it would answer) next
 * to Hlas's first byte over HTTP with {@code --first-chunk sentence} (before) and {@code clause} (after), and Hlas's
 * total time in both modes. At concurrency 2, two copies run at once on each side (two sherpa processes, two
 * requests); the slower copy counts. Everything is interleaved round by round in one run, so ratios are comparable
 * on a shared machine; medians.
 *
 * <p>With {@code ort}, instead: ONNX Runtime session options (graph optimization level, CPU arena, intra-op
 * spinning) at 1 and 2 threads, the first sentence run on a bare session per variant next to sherpa-onnx.
 *
 * <p>Usage: {@code bench/run FirstAudioBench [first|ort] [iterations=7] [layers=24]}. Needs node and the sherpa peer
 * in {@code target/sherpa-peer} (installed by {@code ./hlas test}).
 */
public final class FirstAudioBench {
    static final String VOICE = "en_US-lessac-medium";
    /** 21 words, a comma after 8: a typical first sentence of an assistant's answer. */
    static final String FIRST = "When the weather turns cold in the mountains, the old shepherd brings his whole "
            + "flock down to the valley before the snow.";
    static final String REST = "He has done this every autumn since he was a boy. His father did it before him.";

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "first";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        Path tmp = Files.createTempDirectory("hlas-bench");
        Path model = RealisticPiperModel.write(tmp.resolve("model.onnx"), 1024, layers);
        VoiceStore store = new VoiceStore(tmp.resolve("home"));
        SyntheticPiperVoice.install(store, SyntheticPiperVoice.Spec.single(VOICE, "en-us", "en_US"), model);
        StringBuilder t = new StringBuilder();
        SyntheticPiperVoice.idMap().forEach((symbol, ids) -> t.append(symbol).append(' ').append(ids.getFirst())
                .append('\n'));
        Path tokens = Files.writeString(tmp.resolve("tokens.txt"), t.toString(), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "model: width 1024, %d layers, %.1f MB; cores %d; load average %.1f%n", layers,
                Files.size(model) / 1e6, Runtime.getRuntime().availableProcessors(), loadAverage());
        if (mode.equals("ort")) {
            ortOptions(model, tokens, store, iterations);
        } else {
            firstAudio(tmp, model, tokens, iterations);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.1f%n", loadAverage());
        System.exit(0);
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static void firstAudio(Path tmp, Path model, Path tokens, int iterations) throws Exception {
        HlasConfig base = BenchConfigs.withoutCache(HlasConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withHome(tmp.resolve("home")).withVoices(new VoiceConfig(Map.of("en", VOICE), null)));
        EnginesConfig engines = EnginesConfig.defaults().withPiper(new PiperSettings(null, 0.2, true));
        try (Sherpa a = new Sherpa(model, tokens, 1); Sherpa b = new Sherpa(model, tokens, 1);
             Hlas sentence = Hlas.serve(base.withEngines(engines.withFirstClause(false)));
             Hlas clause = Hlas.serve(base.withEngines(engines.withFirstClause(true)));
             HttpClient http = HttpClient.newHttpClient();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Sherpa> peers = List.of(a, b);
            for (int c : new int[]{1, 2}) {
                long[] sherpa = new long[iterations];
                long[][] before = new long[iterations][];
                long[][] after = new long[iterations][];
                for (int i = -1; i < iterations; i++) { // one warm-up round
                    long s = slowest(pool, c, k -> new long[]{peers.get(k).time(FIRST), 0})[0];
                    long[] x = slowest(pool, c, k -> request(http, sentence.port()));
                    long[] y = slowest(pool, c, k -> request(http, clause.port()));
                    if (i < 0) continue;
                    sherpa[i] = s;
                    before[i] = x;
                    after[i] = y;
                }
                double sh = median(sherpa);
                double bf = median(column(before, 0)), af = median(column(after, 0));
                double bt = median(column(before, 1)), at = median(column(after, 1));
                System.out.printf(Locale.ROOT, "%n| concurrency %d | ms (median of %d) | ÷ sherpa-onnx first sentence |%n"
                        + "|---|---|---|%n", c, iterations);
                System.out.printf(Locale.ROOT, "| sherpa-onnx: whole first sentence (one run) | %.0f | 1.00 |%n", sh);
                System.out.printf(Locale.ROOT, "| Hlas first audio, --first-chunk sentence (before) | %.0f | %.2f |%n",
                        bf, bf / sh);
                System.out.printf(Locale.ROOT, "| Hlas first audio, --first-chunk clause (after) | %.0f | %.2f |%n",
                        af, af / sh);
                System.out.printf(Locale.ROOT, "| Hlas total, sentence | %.0f | |%n| Hlas total, clause | %.0f | "
                        + "(%+.1f%% vs sentence) |%n", bt, at, 100 * (at / bt - 1));
            }
        }
    }

    /** [first byte ns, total ns] of one streamed pcm request. */
    static long[] request(HttpClient http, int port) throws Exception {
        String body = "{\"model\":\"tts-1\",\"voice\":\"" + VOICE + "\",\"response_format\":\"pcm\","
                + "\"sample_rate\":22050,\"input\":\"" + FIRST + " " + REST + "\"}";
        long start = System.nanoTime();
        long first = 0;
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/audio/speech")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (first == 0) first = System.nanoTime() - start;
            }
        }
        return new long[]{first, System.nanoTime() - start};
    }

    interface Copy {
        long[] run(int index) throws Exception;
    }

    /** Runs {@code n} copies at once; per column, the slowest copy's value. */
    static long[] slowest(ExecutorService pool, int n, Copy copy) throws Exception {
        List<Future<long[]>> futures = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int index = k;
            futures.add(pool.submit((Callable<long[]>) () -> copy.run(index)));
        }
        long[] out = null;
        for (Future<long[]> f : futures) {
            long[] r = f.get();
            if (out == null) out = r.clone();
            else for (int j = 0; j < r.length; j++) out[j] = Math.max(out[j], r[j]);
        }
        return out;
    }

    /** ORT session options at 1 and 2 threads: the first sentence on a bare session, next to sherpa-onnx. */
    static void ortOptions(Path model, Path tokens, VoiceStore store, int iterations) throws Exception {
        PiperOnnxJson config = PiperOnnxJson.read(store.find(VOICE).orElseThrow().fileEndingWith(".onnx.json")
                .orElseThrow());
        long[] ids = new PhonemeIdMapper(config).map(EspeakNative.load(null, null).phonemize(FIRST, "en-us")
                .getFirst()).ids();
        OrtEnvironment env = OnnxSessions.environment();
        for (int threads : new int[]{1, 2}) {
            Map<String, OrtSession> variants = new LinkedHashMap<>();
            variants.put("Hlas default (all optimizations, no arena, no spinning)",
                    OnnxSessions.open(model, OnnxSettings.defaults().withIntraOpThreads(threads)));
            variants.put("graph optimization: extended", session(env, model, threads, OrtSession.SessionOptions
                    .OptLevel.EXTENDED_OPT, false, false));
            variants.put("graph optimization: basic", session(env, model, threads,
                    OrtSession.SessionOptions.OptLevel.BASIC_OPT, false, false));
            variants.put("CPU arena + memory pattern on", session(env, model, threads,
                    OrtSession.SessionOptions.OptLevel.ALL_OPT, true, false));
            variants.put("intra-op spinning on", session(env, model, threads,
                    OrtSession.SessionOptions.OptLevel.ALL_OPT, false, true));
            variants.put("basic optimization + arena on", session(env, model, threads,
                    OrtSession.SessionOptions.OptLevel.BASIC_OPT, true, false));
            variants.put("control: Hlas default options, second session", session(env, model, threads,
                    OrtSession.SessionOptions.OptLevel.ALL_OPT, false, false));
            Map<String, long[]> times = new LinkedHashMap<>();
            variants.keySet().forEach(k -> times.put(k, new long[iterations]));
            long[] sherpa = new long[iterations];
            try (Sherpa peer = new Sherpa(model, tokens, threads)) {
                List<String> names = new ArrayList<>(variants.keySet());
                for (int i = -1; i < iterations; i++) {
                    long s = peer.time(FIRST);
                    if (i >= 0) sherpa[i] = s;
                    // The order rotates round by round, so no variant always runs right after sherpa-onnx.
                    for (int v = 0; v < names.size(); v++) {
                        String name = names.get(Math.floorMod(v + i, names.size()));
                        long start = System.nanoTime();
                        run(env, variants.get(name), ids);
                        if (i >= 0) times.get(name)[i] = System.nanoTime() - start;
                    }
                }
            }
            double sh = median(sherpa);
            System.out.printf(Locale.ROOT, "%n| %d thread(s): ORT options | first sentence ms (median of %d) | "
                    + "÷ sherpa-onnx |%n|---|---|---|%n| sherpa-onnx (%d thread(s)) | %.0f | 1.00 |%n", threads,
                    iterations, threads, sh);
            for (var e : times.entrySet()) {
                double m = median(e.getValue());
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.3f |%n", e.getKey(), m, m / sh);
            }
            for (OrtSession s : variants.values()) s.close();
        }
    }

    static OrtSession session(OrtEnvironment env, Path model, int threads, OrtSession.SessionOptions.OptLevel level,
                              boolean arena, boolean spin) throws Exception {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(level);
            o.setCPUArenaAllocator(arena);
            o.setMemoryPatternOptimization(arena);
            o.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
            o.addConfigEntry("session.inter_op.allow_spinning", spin ? "1" : "0");
            return env.createSession(model.toString(), o);
        }
    }

    static void run(OrtEnvironment env, OrtSession session, long[] ids) throws Exception {
        try (OnnxTensor in = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, ids.length});
             OnnxTensor len = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{ids.length}), new long[]{1});
             OnnxTensor sc = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0.667f, 1f, 0.8f}),
                     new long[]{3});
             OrtSession.Result r = session.run(Map.of("input", in, "input_lengths", len, "scales", sc))) {
            r.get(0);
        }
    }

    /** One sherpa-onnx process (node, sherpa-onnx-node) holding the model; times one generate() per call. */
    static final class Sherpa implements AutoCloseable {
        private static final Pattern MS = Pattern.compile("\"ms\":([0-9.]+)");
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Sherpa(Path model, Path tokens, int threads) throws Exception {
            Path modules = Path.of("target", "sherpa-peer", "node_modules").toAbsolutePath();
            if (!Files.isDirectory(modules.resolve("sherpa-onnx-node"))) {
                throw new IllegalStateException("sherpa peer missing in " + modules + " (./hlas test installs it)");
            }
            ProcessBuilder pb = new ProcessBuilder("node", Path.of("bench", "sherpa-first-audio.js").toString(),
                    model.toString(), tokens.toString(), espeakData(), Integer.toString(threads));
            pb.environment().put("NODE_PATH", modules.toString());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = pb.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (!"ready".equals(ready)) throw new IllegalStateException("sherpa peer said: " + ready);
        }

        static String espeakData() {
            for (String p : List.of("/usr/lib/x86_64-linux-gnu/espeak-ng-data", "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
                    "/usr/share/espeak-ng-data")) {
                if (Files.isRegularFile(Path.of(p, "phontab"))) return p;
            }
            throw new IllegalStateException("no espeak-ng-data found");
        }

        /** Nanoseconds sherpa-onnx took to synthesize {@code text}. */
        synchronized long time(String text) throws Exception {
            in.write(text + "\n");
            in.flush();
            String line = out.readLine();
            Matcher m = MS.matcher(line == null ? "" : line);
            if (!m.find()) throw new IllegalStateException("sherpa peer said: " + line);
            return (long) (Double.parseDouble(m.group(1)) * 1e6);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    static long[] column(long[][] rows, int k) {
        return Arrays.stream(rows).mapToLong(r -> r[k]).toArray();
    }

    static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2] / 1e6;
    }
}
