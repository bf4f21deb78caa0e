package dev.hlas.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.EnginesConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.piper.PhonemeIdMapper;
import dev.hlas.engine.piper.PiperOnnxJson;
import dev.hlas.testing.onnx.RealisticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Server overhead of a Piper request: end-to-end HTTP time (thin JDK client, {@code response_format: pcm}) against the
 * raw ONNX Runtime time for the same phoneme ids on the same model and thread settings, measured alternately in one
 * run. The model is {@link RealisticPiperModel} (compute of a real medium voice), generated into a temp dir.
 *
 * <p>Usage: {@code bench/run PiperOverheadBench [layers=24] [iterations=9]}
 */
public final class PiperOverheadBench {
    static final String VOICE = "en_US-lessac-medium";
    static final String TEXT = "The quick brown fox jumps over the lazy dog near the quiet river. "
            + "Hlas streams speech sentence by sentence on a small two core machine. "
            + "Every request is measured from the first byte to the last one.";
    static final int RATE = 22050;

    public static void main(String[] args) throws Exception {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path tmp = Files.createTempDirectory("hlas-bench");
        Path model = RealisticPiperModel.write(tmp.resolve("model.onnx"), 1024, layers);
        VoiceStore store = new VoiceStore(tmp.resolve("home"));
        SyntheticPiperVoice.install(store, SyntheticPiperVoice.Spec.single(VOICE, "en-us", "en_US"), model);
        PiperOnnxJson config = PiperOnnxJson.read(store.find(VOICE).orElseThrow().fileEndingWith(".onnx.json").orElseThrow());

        // The ids the server will feed: espeak-ng phonemes → Piper ids, per sentence.
        PhonemeIdMapper mapper = new PhonemeIdMapper(config);
        List<long[]> ids = new ArrayList<>();
        for (String s : EspeakNative.load(null, null).phonemize(TEXT, "en-us")) {
            PhonemeIds p = mapper.map(s);
            ids.add(p.ids());
        }
        OrtEnvironment env = OnnxSessions.environment();
        HlasConfig hlasConfig = HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(tmp.resolve("home"))
                .withVoices(new VoiceConfig(Map.of("en", VOICE), null))
                .withEngines(EnginesConfig.defaults().withPiper(new PiperSettings(null, 0.0, true)));
        hlasConfig = BenchConfigs.withoutCache(hlasConfig); // repeated requests must synthesize, not hit the cache
        System.out.printf(Locale.ROOT, "model: width 1024, %d layers, %.1f MB; %d sentences, %s ids; cores %d%n",
                layers, Files.size(model) / 1e6, ids.size(), ids.stream().map(a -> Integer.toString(a.length)).toList(),
                Runtime.getRuntime().availableProcessors());
        try (OrtSession raw = OnnxSessions.open(model, OnnxSettings.defaults());
             Hlas hlas = Hlas.serve(hlasConfig);
             HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + hlas.port() + "/v1/audio/speech");
            long rawSamples = rawRun(env, raw, ids)[1];
            long[] e2e0 = httpRun(http, uri);
            System.out.printf("audio: raw %d samples, server %d samples (%.2f s)%n", rawSamples, e2e0[2] / 2,
                    rawSamples / (double) RATE);
            for (int concurrency : new int[]{1, 2}) {
                long[][] rawT = new long[iterations][];
                long[][] e2eT = new long[iterations][];
                try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
                    for (int i = 0; i < iterations; i++) {
                        rawT[i] = parallel(pool, concurrency, () -> rawRun(env, raw, ids));
                        e2eT[i] = parallel(pool, concurrency, () -> httpRun(http, uri));
                    }
                }
                report(concurrency, rawT, e2eT, rawSamples / (double) RATE);
            }
        }
    }

    interface Run {
        long[] run() throws Exception;
    }

    /** Runs {@code n} copies at once; answers the slowest copy's [total ns, first-audio ns]. */
    static long[] parallel(ExecutorService pool, int n, Run run) throws Exception {
        List<Future<long[]>> f = new ArrayList<>();
        for (int i = 0; i < n; i++) f.add(pool.submit(run::run));
        long total = 0, first = 0;
        for (Future<long[]> x : f) {
            long[] r = x.get();
            total = Math.max(total, r[0]);
            first = Math.max(first, r[3]);
        }
        return new long[]{total, first};
    }

    /** [total ns, samples, -, first-sentence ns]. */
    static long[] rawRun(OrtEnvironment env, OrtSession session, List<long[]> ids) throws Exception {
        long start = System.nanoTime(), first = 0, samples = 0;
        for (long[] s : ids) {
            try (OnnxTensor in = OnnxTensor.createTensor(env, LongBuffer.wrap(s), new long[]{1, s.length});
                 OnnxTensor len = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{s.length}), new long[]{1});
                 OnnxTensor sc = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0.667f, 1f, 0.8f}),
                         new long[]{3});
                 OrtSession.Result r = session.run(Map.of("input", in, "input_lengths", len, "scales", sc))) {
                samples += ((OnnxTensor) r.get(0)).getInfo().getNumElements();
            }
            if (first == 0) first = System.nanoTime() - start;
        }
        return new long[]{System.nanoTime() - start, samples, 0, first};
    }

    /** [total ns, -, bytes, first-byte ns]. */
    static long[] httpRun(HttpClient http, URI uri) throws Exception {
        String body = "{\"model\":\"tts-1\",\"voice\":\"" + VOICE + "\",\"response_format\":\"pcm\",\"sample_rate\":22050,\"input\":\""
                + TEXT + "\"}";
        long start = System.nanoTime(), first = 0, bytes = 0;
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(in.readAllBytes()));
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (first == 0) first = System.nanoTime() - start;
                bytes += n;
            }
        }
        return new long[]{System.nanoTime() - start, 0, bytes, first};
    }

    static void report(int concurrency, long[][] raw, long[][] e2e, double audioSeconds) {
        double rawTotal = median(raw, 0), e2eTotal = median(e2e, 0), rawFirst = median(raw, 1), e2eFirst = median(e2e, 1);
        System.out.printf(Locale.ROOT, "%n| concurrency %d | raw ORT | server (HTTP) | overhead | ratio |%n|---|---|---|---|---|%n",
                concurrency);
        System.out.printf(Locale.ROOT, "| total p50 (ms) | %.0f | %.0f | %+.0f | %.3f |%n", rawTotal, e2eTotal,
                e2eTotal - rawTotal, e2eTotal / rawTotal);
        System.out.printf(Locale.ROOT, "| total p95 (ms) | %.0f | %.0f | %+.0f | %.3f |%n", p95(raw, 0), p95(e2e, 0),
                p95(e2e, 0) - p95(raw, 0), p95(e2e, 0) / p95(raw, 0));
        System.out.printf(Locale.ROOT, "| first audio p50 (ms) | %.0f | %.0f | %+.0f | %.3f |%n", rawFirst, e2eFirst,
                e2eFirst - rawFirst, e2eFirst / rawFirst);
        System.out.printf(Locale.ROOT, "| RTF p50 | %.3f | %.3f | | |%n", rawTotal / 1000 / audioSeconds,
                e2eTotal / 1000 / audioSeconds);
    }

    static double median(long[][] runs, int k) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[k] / 1e6).sorted().toArray();
        return v[v.length / 2];
    }

    static double p95(long[][] runs, int k) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[k] / 1e6).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.95) - 1)];
    }
}
