package dev.hlas.bench;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.kokoro.KokoroEngine;
import dev.hlas.engine.kokoro.KokoroSettings;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.kokoro.NpzWriter;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Kokoro on a synthetic model of Kokoro-like compute ({@link KokoroLikeModel}).
 * <ul>
 *   <li>{@code calibrate D Kt Kf}: one 100-token chunk, to tune the model's cost;</li>
 *   <li>{@code latency D Kt Kf reps}: a 1,000-character English text over HTTP ({@code pcm}) at 1 and 2 ORT
 *       threads: time to first byte and total, next to the engine's own Σ model-run time;</li>
 *   <li>{@code soak D Kt Kf n}: RSS before/after {@code n} HTTP requests of 20–1,000 characters.</li>
 * </ul>
 */
public final class KokoroBench {
    static final String TEXT = "Kokoro is what people choose when they want the most natural free English voice. "
            + "It runs on a small computer without a graphics card, but it is heavy: on two cores it speaks at about "
            + "the speed it computes, so the server has to stream it piece by piece. The first piece is kept short, "
            + "so that the listener hears something quickly, while the rest of the text is still being computed in "
            + "the background. Each sentence is turned into phonemes by espeak, mapped to the symbols the model was "
            + "trained on, and cut into pieces of at most five hundred and ten phonemes. Every piece picks its own "
            + "style vector from the voice pack, according to its length, and the model turns it into audio at "
            + "twenty-four kilohertz. Blends of voices are mixed before the row is chosen. Memory should stay flat, "
            + "however long or short the requests are, because the runtime's arena and memory patterns are off. "
            + "That is what this benchmark checks, on a synthetic model of similar cost, with the same signature.";

    private KokoroBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "latency";
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int tokenLayers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int frameLayers = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path home = Files.createTempDirectory("hlas-kokoro-bench");
        install(home, dim, tokenLayers, frameLayers);
        System.out.printf(Locale.ROOT, "model: D=%d, %d token layers, %d frame layers; text %d chars; cores %d%n",
                dim, tokenLayers, frameLayers, TEXT.length(), Runtime.getRuntime().availableProcessors());
        switch (mode) {
            case "calibrate" -> calibrate(home);
            case "latency" -> latency(home, n);
            case "soak" -> soak(home, n);
            default -> throw new IllegalArgumentException("mode: calibrate | latency | soak");
        }
        System.exit(0);
    }

    static void install(Path home, int dim, int tokenLayers, int frameLayers) throws Exception {
        Path dir = home.resolve("voices/kokoro");
        KokoroLikeModel.write(dir.resolve("kokoro-v1.0.onnx"), dim, tokenLayers, frameLayers);
        Map<String, float[]> voices = new LinkedHashMap<>();
        KokoroFixtures.standardVoices().forEach((name, base) -> voices.put(name, KokoroFixtures.voice(base)));
        NpzWriter.write(dir.resolve("voices-v1.0.bin"), voices, "510, 1, 256");
    }

    static void calibrate(Path home) {
        for (int threads : new int[]{1, 2}) {
            try (KokoroEngine engine = KokoroEngine.open(home.resolve("voices/kokoro"), EspeakNative.load(null, null),
                    KokoroSettings.defaults().withThreads(threads)).orElseThrow()) {
                var voice = engine.voice("af_heart").orElseThrow();
                String text = "The committee met on Tuesday to review the budget, which had grown considerably.";
                for (int i = 0; i < 4; i++) {
                    long start = System.nanoTime();
                    double[] seconds = {0};
                    voice.synthesize(new Utterance(text, "en"), SynthesisParams.defaults(), c -> {
                        seconds[0] += c.seconds();
                        return true;
                    });
                    double took = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "threads %d: %.2f s audio in %.2f s, RTF %.2f%n", threads,
                            seconds[0], took, took / seconds[0]);
                }
            }
        }
    }

    static void latency(Path home, int reps) throws Exception {
        System.out.println();
        System.out.println("| ORT threads | audio s | engine first chunk s | engine total s (RTF) | HTTP first byte s "
                + "(p50 / max) | HTTP total s (p50 / max) | overhead first byte s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int threads : new int[]{1, 2}) {
            // engine alone: first chunk and Σ model time for the same sentences the pipeline will give it
            double[] engine = engineTimes(home, threads);
            System.setProperty("hlas.kokoro.threads", Integer.toString(threads));
            try (Hlas hlas = Hlas.serve(BenchConfigs.withoutCache(HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home)))) {
                double[] first = new double[reps];
                double[] total = new double[reps];
                double audio = 0;
                for (int r = 0; r < reps; r++) {
                    double[] t = request(hlas.port(), TEXT);
                    first[r] = t[0];
                    total[r] = t[1];
                    audio = t[2];
                }
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f | %.1f (%.2f) | %.2f / %.2f | %.1f / %.1f | %.2f |%n",
                        threads, audio, engine[0], engine[1], engine[1] / audio, median(first), max(first),
                        median(total), max(total), median(first) - engine[0]);
            }
        }
    }

    /** First-chunk and total time of the engine alone over the text's sentences (warm). */
    static double[] engineTimes(Path home, int threads) {
        try (KokoroEngine engine = KokoroEngine.open(home.resolve("voices/kokoro"), EspeakNative.load(null, null),
                KokoroSettings.defaults().withThreads(threads)).orElseThrow()) {
            var voice = engine.voice("af_heart").orElseThrow();
            voice.synthesize(new Utterance("Warm up, please.", "en"), SynthesisParams.defaults(), c -> true);
            List<String> sentences = new ArrayList<>();
            for (String s : TEXT.split("(?<=[.!?])\\s+")) sentences.add(s);
            long start = System.nanoTime();
            double[] firstAt = {-1};
            for (String s : sentences) {
                voice.synthesize(new Utterance(s, "en"), SynthesisParams.defaults(), (PcmChunk c) -> {
                    if (firstAt[0] < 0) firstAt[0] = (System.nanoTime() - start) / 1e9;
                    return true;
                });
            }
            return new double[]{firstAt[0], (System.nanoTime() - start) / 1e9};
        }
    }

    /** One streamed request: seconds to first body byte, seconds in total, seconds of audio (24 kHz pcm). */
    static double[] request(int port, String text) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"model\":\"tts-1\",\"voice\":\"af_heart\",\"response_format\":\"pcm\",\"input\":\""
                + text.replace("\"", "\\\"") + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/speech"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) throw new IllegalStateException("HTTP " + response.statusCode());
        double first = -1;
        long bytes = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[16384];
            for (int r; (r = in.read(buf)) > 0; ) {
                if (first < 0) first = (System.nanoTime() - start) / 1e9;
                bytes += r;
            }
        }
        return new double[]{first, (System.nanoTime() - start) / 1e9, bytes / 2 / 24000.0};
    }

    static void soak(Path home, int count) throws Exception {
        Random random = new Random(7);
        try (Hlas hlas = Hlas.serve(BenchConfigs.withoutCache(HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home)))) {
            long before = rssKb();
            long afterWarm = 0;
            double audio = 0;
            long start = System.nanoTime();
            long maxRss = before;
            StringBuilder curve = new StringBuilder("RSS MB after n requests:");
            for (int i = 0; i < count; i++) {
                int length = 20 + random.nextInt(TEXT.length() - 20);
                int cut = TEXT.lastIndexOf(' ', length);
                audio += request(hlas.port(), TEXT.substring(0, Math.max(cut, 10)))[2];
                if (i == 49) afterWarm = rssKb();
                if (i % 10 == 9) maxRss = Math.max(maxRss, rssKb());
                if (i % 50 == 49) curve.append(String.format(Locale.ROOT, " %d:%.0f", i + 1, rssKb() / 1024.0));
            }
            System.gc();
            long after = rssKb();
            System.out.println();
            System.out.println("| requests | audio s | wall s | RSS before MB | RSS after 50 MB | RSS max MB | RSS after MB |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", count, audio,
                    (System.nanoTime() - start) / 1e9, before / 1024.0, afterWarm / 1024.0, maxRss / 1024.0,
                    after / 1024.0);
            System.out.println();
            System.out.println(curve);
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
