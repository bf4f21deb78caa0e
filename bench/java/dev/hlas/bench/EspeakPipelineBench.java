package dev.hlas.bench;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.TestServer;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The built-in espeak-ng path: phonemization cost per sentence (what Piper/Kokoro pay before inference), raw
 * synthesis time, and the HTTP server's time to first byte and total time for the same text, measured side by
 * side in one run. Server overhead = HTTP total − raw synthesis of the same sentences.
 *
 * <p>Usage: {@code bench/run EspeakPipelineBench [rounds]} (default 30 rounds, a few seconds).
 */
public final class EspeakPipelineBench {
    private static final String[] EN = {"The quick brown fox jumps over the lazy dog.",
            "Streaming audio must start before the whole reply is synthesized.",
            "Hlas speaks English and Czech on a plain CPU box.", "How are you today?",
            "This sentence is the last one of the paragraph."};
    private static final String[] CS = {"Příliš žluťoučký kůň úpěl ďábelské ódy.", "Dobrý den, jak se máte?",
            "Hlas mluví česky i anglicky na obyčejném počítači.", "Zítra bude pršet.", "To je poslední věta odstavce."};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        EspeakNative espeak = EspeakNative.load(null, null);
        var home = Files.createTempDirectory("hlas-bench");
        try (TestServer server = new TestServer(home, BenchConfigs::withoutCache)) {
            System.out.println("| language | phonemize µs/sentence (p50) | raw synth ms, 5 sentences (p50) | HTTP TTFB ms (p50 / p95) | HTTP total ms (p50) | overhead total−raw ms (p50) |");
            System.out.println("|---|---|---|---|---|---|");
            for (String[] text : List.of(EN, CS)) {
                String voice = text == EN ? "en-us" : "cs";
                String alias = text == EN ? "espeak:en-us" : "espeak:cs";
                List<Double> phon = new ArrayList<>(), raw = new ArrayList<>(), ttfb = new ArrayList<>(),
                        total = new ArrayList<>(), overhead = new ArrayList<>();
                for (int r = 0; r < rounds + 5; r++) {
                    long t0 = System.nanoTime();
                    for (String s : text) espeak.phonemize(s, voice);
                    long t1 = System.nanoTime();
                    for (String s : text) espeak.synthesize(s, voice, 175, () -> false);
                    long t2 = System.nanoTime();
                    String body = "{\"model\":\"tts-1\",\"voice\":\"" + alias + "\",\"response_format\":\"pcm\","
                            + "\"input\":\"" + String.join(" ", text) + "\"}";
                    HttpRequest req = HttpRequest.newBuilder(server.uri("/v1/audio/speech"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t3 = System.nanoTime();
                    HttpResponse<InputStream> resp = server.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
                    long first;
                    try (InputStream in = resp.body()) {
                        in.read();
                        first = System.nanoTime();
                        in.readAllBytes();
                    }
                    long t4 = System.nanoTime();
                    if (r < 5) continue; // warm-up
                    phon.add((t1 - t0) / 1e3 / text.length);
                    raw.add((t2 - t1) / 1e6);
                    ttfb.add((first - t3) / 1e6);
                    total.add((t4 - t3) / 1e6);
                    overhead.add((t4 - t3 - (t2 - t1)) / 1e6);
                }
                System.out.printf("| %s | %.0f | %.1f | %.1f / %.1f | %.1f | %.1f |%n", voice, p(phon, 50),
                        p(raw, 50), p(ttfb, 50), p(ttfb, 95), p(total, 50), p(overhead, 50));
            }
        }
    }

    static double p(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
