package dev.hlas.bench;

import dev.hlas.config.WyomingConfig;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WyomingClient;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to first audio of a three-sentence answer over Wyoming and over HTTP, on the real server (loopback, real
 * engines, cache bypassed by a different text every round):
 * <ul>
 *   <li>HTTP: {@code POST /v1/audio/speech} (pcm, no-cache), send → first body byte;</li>
 *   <li>Wyoming {@code synthesize} (the whole text at once), send → first {@code audio-chunk};</li>
 *   <li>Wyoming stream, text all there: {@code synthesize-start}, the words as {@code synthesize-chunk}s at once,
 *       {@code synthesize-stop}; first chunk sent → first {@code audio-chunk};</li>
 *   <li>Wyoming stream at LLM pace: one word every {@code 30 ms} (≈ 33 words/s); first word sent → first
 *       {@code audio-chunk}, next to what HTTP would need: the whole text's arrival plus its first byte.</li>
 * </ul>
 * Usage: {@code bench/run WyomingBench [voice] [rounds]} (default {@code espeak:en-us}, 30 rounds after 5 warm-up);
 * {@code HLAS_HOME} with installed voices makes Piper/Kokoro voices usable.
 */
public final class WyomingBench {
    private static final long WORD_MILLIS = 30;

    private WyomingBench() {
    }

    public static void main(String[] args) throws Exception {
        String voice = args.length > 0 ? args[0] : "espeak:en-us";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String env = System.getenv("HLAS_HOME");
        Path home = env != null ? Path.of(env) : Files.createTempDirectory("hlas-bench-wyoming");
        try (TestServer server = new TestServer(home, c -> c.withWyoming(WyomingConfig.off().withPort(0)
                .withZeroconf(false)))) {
            int port = server.hlas().wyoming().port();
            for (int i = 0; i < 5; i++) round(server, port, voice, -i - 1);
            double[][] ms = new double[5][rounds];
            for (int i = 0; i < rounds; i++) {
                double[] r = round(server, port, voice, i);
                for (int k = 0; k < r.length; k++) ms[k][i] = r[k];
            }
            System.out.printf("## WyomingBench — voice %s, %d cores, %d rounds, three sentences (%d words)%n%n",
                    voice, Runtime.getRuntime().availableProcessors(), rounds, text(0).split(" ").length);
            System.out.println("| path | p50 ms | p95 ms |");
            System.out.println("|---|---|---|");
            String[] names = {"HTTP pcm: send → first byte", "Wyoming synthesize: send → first audio-chunk",
                    "Wyoming stream, text at once: first chunk → first audio-chunk",
                    "Wyoming stream, 1 word / 30 ms: first word → first audio-chunk",
                    "HTTP after the same text stream: first word → first byte (text arrival + HTTP first byte)"};
            for (int k = 0; k < names.length; k++) {
                Arrays.sort(ms[k]);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", names[k], ms[k][rounds / 2],
                        ms[k][Math.min(rounds - 1, (int) Math.ceil(rounds * 0.95) - 1)]);
            }
        }
    }

    private static String text(int i) {
        return "The kitchen lights are now off, number " + Math.abs(i) + ". The front door is locked. "
                + "Tomorrow will be sunny with a high of twenty degrees.";
    }

    private static double[] round(TestServer server, int port, String voice, int i) throws Exception {
        double http = httpFirstByte(server, voice, text(i) + " A");
        double whole;
        try (WyomingClient c = new WyomingClient(port)) {
            long start = System.nanoTime();
            c.send("synthesize", WyomingClient.synthesize(text(i) + " B", voice));
            whole = firstChunk(c, start);
            c.readUntil("audio-stop");
        }
        double atOnce = stream(port, voice, text(i) + " C", 0);
        double paced = stream(port, voice, text(i) + " D", WORD_MILLIS);
        double textArrival = (text(i).split(" ").length) * WORD_MILLIS;
        return new double[]{http, whole, atOnce, paced, textArrival + http};
    }

    private static double stream(int port, String voice, String text, long pause) throws Exception {
        try (WyomingClient c = new WyomingClient(port)) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", voice)));
            List<String> words = List.of(text.split(" "));
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int w = 0; w < words.size(); w++) {
                        c.send("synthesize-chunk", WyomingClient.text((w == 0 ? "" : " ") + words.get(w)));
                        if (pause > 0) Thread.sleep(pause);
                    }
                    c.send("synthesize", WyomingClient.text(text));
                    c.send("synthesize-stop");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            double first = firstChunk(c, start);
            c.readUntil("synthesize-stopped");
            writer.join();
            return first;
        }
    }

    private static double firstChunk(WyomingClient c, long start) throws Exception {
        while (true) {
            WyomingClient.Event e = c.read();
            if (e == null || e.type().equals("error")) throw new IllegalStateException("no audio: " + e);
            if (e.type().equals("audio-chunk")) return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double httpFirstByte(TestServer server, String voice, String text) throws Exception {
        String json = "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"pcm\"}";
        HttpRequest request = server.speechRequest(json).header("Cache-Control", "no-cache").build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200 || body.read() < 0) throw new IllegalStateException("HTTP failed");
            double ms = (System.nanoTime() - start) / 1e6;
            body.readAllBytes();
            return ms;
        }
    }
}
