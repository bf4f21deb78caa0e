package dev.hlas.bench;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.EnginesConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.onnx.RealisticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The WebSocket endpoint against HTTP on one server with a Piper voice of real-voice compute
 * ({@link RealisticPiperModel}), measured alternately in one run:
 * <ul>
 *   <li>time to first audio for the same text: HTTP {@code POST} (send → first body byte), WebSocket with the whole
 *       text then {@code flush} (flush sent → first {@code audio} frame), and WebSocket streaming (the text as 4-char
 *       deltas, no flush: the delta that completes the first sentence sent → first audio);</li>
 *   <li>barge-in: {@code cancel} sent while the second sentence is being synthesized → {@code cancelled} received,
 *       and → the worker free again (no open stream and no worker inside an engine call, polled in the server's
 *       process).</li>
 * </ul>
 * Loopback, JDK clients, cache off. Usage: {@code bench/run WebSocketBench [iterations=15] [layers=24]}
 */
public final class WebSocketBench {
    static final String VOICE = "en_US-lessac-medium";
    static final String FIRST = "The quick brown fox jumps over the lazy dog near the quiet river.";
    static final String TEXT = FIRST + " Hlas streams speech sentence by sentence on a small two core machine. "
            + "Every request is measured from the first byte to the last one.";

    private WebSocketBench() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        Path tmp = Files.createTempDirectory("hlas-bench-ws");
        Path model = RealisticPiperModel.write(tmp.resolve("model.onnx"), 1024, layers);
        VoiceStore store = new VoiceStore(tmp.resolve("home"));
        SyntheticPiperVoice.install(store, SyntheticPiperVoice.Spec.single(VOICE, "en-us", "en_US"), model);
        HlasConfig config = BenchConfigs.withoutCache(HlasConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withHome(tmp.resolve("home")).withVoices(new VoiceConfig(Map.of("en", VOICE), null))
                .withEngines(EnginesConfig.defaults().withPiper(new PiperSettings(null, 0.0, true))));
        try (Hlas hlas = Hlas.serve(config); HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build();
             WsTestClient ws = WsTestClient.connect(hlas.port())) {
            ws.expect("ready");
            ws.message("config", "voice", VOICE, "lang", "en", "response_format", "pcm");
            ws.expect("config_ack");
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hlas.port()
                            + "/v1/audio/speech")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"voice\":\"" + VOICE
                            + "\",\"lang\":\"en\",\"response_format\":\"pcm\",\"input\":\"" + TEXT + "\"}")).build();
            EngineScheduler scheduler = hlas.speech().scheduler();
            int warm = 3;
            double[] httpMs = new double[iterations];
            double[] wholeMs = new double[iterations];
            double[] streamMs = new double[iterations];
            double[] cancelledMs = new double[iterations];
            double[] freeMs = new double[iterations];
            for (int i = -warm; i < iterations; i++) {
                double h = httpFirstByte(http, post);
                double w = wsWhole(ws);
                double s = wsStreaming(ws);
                double[] b = bargeIn(ws, scheduler);
                if (i >= 0) {
                    httpMs[i] = h;
                    wholeMs[i] = w;
                    streamMs[i] = s;
                    cancelledMs[i] = b[0];
                    freeMs[i] = b[1];
                }
            }
            System.out.printf(Locale.ROOT, "## WebSocketBench — %d cores, RealisticPiperModel %d layers, %d runs each"
                    + " (after %d warm-up runs)%n%n", Runtime.getRuntime().availableProcessors(), layers, iterations,
                    warm);
            System.out.println("| measurement | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|");
            row("time to first audio, HTTP POST (pcm)", httpMs);
            row("time to first audio, WS text + flush", wholeMs);
            row("time to first audio, WS 4-char deltas, no flush", streamMs);
            row("barge-in: cancel → `cancelled` received", cancelledMs);
            row("barge-in: cancel → worker free", freeMs);
        }
    }

    private static double httpFirstByte(HttpClient http, HttpRequest post) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (in.read() < 0) throw new IllegalStateException("no audio");
            double ms = (System.nanoTime() - start) / 1e6;
            in.readAllBytes();
            return ms;
        }
    }

    private static double wsWhole(WsTestClient ws) throws Exception {
        ws.message("text", "text", TEXT);
        long start = System.nanoTime();
        ws.message("flush");
        ws.untilType("audio");
        double ms = (System.nanoTime() - start) / 1e6;
        ws.untilType("audio_end");
        return ms;
    }

    private static double wsStreaming(WsTestClient ws) throws Exception {
        int completes = FIRST.length() + 2; // the delta holding the next sentence's first letter completes the first
        long start = 0;
        for (int i = 0; i < TEXT.length(); i += 4) {
            int end = Math.min(TEXT.length(), i + 4);
            if (start == 0 && end >= completes) start = System.nanoTime();
            ws.message("text", "text", TEXT.substring(i, end));
        }
        ws.untilType("audio");
        double ms = (System.nanoTime() - start) / 1e6;
        ws.message("flush");
        ws.untilType("audio_end");
        return ms;
    }

    /** Cancels while the second sentence is synthesized; answers {cancel → cancelled, cancel → worker free}. */
    private static double[] bargeIn(WsTestClient ws, EngineScheduler scheduler) throws Exception {
        ws.message("text", "text", TEXT);
        ws.message("flush");
        ws.until(f -> f.type().equals("sentence") && f.json().get("index").asInt() == 1);
        long start = System.nanoTime();
        ws.message("cancel");
        while (busy(scheduler)) LockSupport.parkNanos(100_000);
        long free = System.nanoTime();
        long cancelled = ws.untilType("cancelled").getLast().nanos();
        return new double[]{(cancelled - start) / 1e6, (free - start) / 1e6};
    }

    /** A stream still open, or a worker still inside an engine call (a cancelled ONNX run still has to unwind). */
    private static boolean busy(EngineScheduler scheduler) {
        return scheduler.activeStreams() > 0
                || scheduler.load().values().stream().anyMatch(l -> l.runningJobs() > 0 || l.queuedJobs() > 0);
    }

    private static void row(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, s[s.length / 2],
                s[(int) Math.ceil(s.length * 0.95) - 1], s[s.length - 1]);
    }
}
