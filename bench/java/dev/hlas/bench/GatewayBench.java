package dev.hlas.bench;

import dev.hlas.config.HlasConfig;
import dev.hlas.engine.remote.RemoteSettings;
import dev.hlas.engine.remote.UpstreamsFile;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.onnx.SyntheticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the gateway adds: first byte and whole response of a {@code pcm} speech request, straight to a Hlas (an
 * espeak-ng voice, and a Piper voice made of the project's synthetic model), through a gateway Hlas in front of it,
 * and through the gateway when the voice's first upstream refuses connections or hangs (accepts and never answers;
 * its timeout 500 ms), failing over to the same Hlas. Both servers run with the response cache off, every request
 * has its own text, loopback, JDK HttpClient over HTTP/1.1, one request at a time, the paths interleaved.
 *
 * <p>Usage: {@code bench/run GatewayBench [requests]} (default 40 of each, after 5 of each to warm up).
 */
public final class GatewayBench {
    private static final String PIPER = "en_US-lessac-medium";
    private static int counter;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path upstreamHome = Files.createTempDirectory("hlas-bench-upstream");
        Path model = SyntheticPiperModel.write(upstreamHome.resolve("voice.onnx"), false, 4);
        SyntheticPiperVoice.install(new VoiceStore(upstreamHome),
                SyntheticPiperVoice.Spec.single(PIPER, "en-us", "en_US"), model);
        // Accepts connections into its backlog and never answers: a hung server.
        try (ServerSocket hung = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
             TestServer upstream = new TestServer(upstreamHome, GatewayBench::noCache)) {
            RemoteSettings remote = UpstreamsFile.parse("""
                    upstreams:
                      - name: dead
                        url: http://127.0.0.1:%d
                        breaker: {failures: 1000000}
                        tts: {voices: [alloy]}
                      - name: hung
                        url: http://127.0.0.1:%d
                        timeout: 500ms
                        breaker: {failures: 1000000}
                        tts: {voices: [echo]}
                      - name: up
                        url: http://127.0.0.1:%d
                        kind: hlas
                        priority: 1
                        tts: {voices: [alloy, echo, %s], languages: [en]}
                    """.formatted(deadPort, hung.getLocalPort(), upstream.port(), PIPER), "bench", n -> null);
            Path home = Files.createTempDirectory("hlas-bench-gateway");
            try (TestServer gateway = new TestServer(home, c -> noCache(c.withEngines(c.engines().withRemote(remote))))) {
                Object[][] paths = {
                        {"client → Hlas (espeak alloy)", upstream, "alloy"},
                        {"client → gateway → Hlas (up:alloy)", gateway, "up:alloy"},
                        {"client → Hlas (Piper " + PIPER + ")", upstream, PIPER},
                        {"client → gateway → Hlas (up:" + PIPER + ")", gateway, "up:" + PIPER},
                        {"client → gateway → refused → Hlas (dead:alloy)", gateway, "dead:alloy"},
                        {"client → gateway → hung 500 ms → Hlas (hung:echo)", gateway, "hung:echo"},
                };
                for (int i = 0; i < 5; i++) for (Object[] p : paths) time((TestServer) p[1], (String) p[2]);
                double[][] first = new double[paths.length][requests];
                double[][] total = new double[paths.length][requests];
                for (int i = 0; i < requests; i++) { // interleaved, so drift hits all paths alike
                    for (int p = 0; p < paths.length; p++) {
                        double[] t = time((TestServer) paths[p][1], (String) paths[p][2]);
                        first[p][i] = t[0];
                        total[p][i] = t[1];
                    }
                }
                System.out.printf("## GatewayBench — %d cores, %d requests each, pcm, cache off%n%n",
                        Runtime.getRuntime().availableProcessors(), requests);
                System.out.println("| path | first byte p50 ms | p95 ms | whole response p50 ms | p95 ms |");
                System.out.println("|---|---|---|---|---|");
                for (int p = 0; p < paths.length; p++) row((String) paths[p][0], first[p], total[p]);
            }
        }
    }

    private static HlasConfig noCache(HlasConfig c) {
        return c.withServing(c.serving().withCache(false, 0, 0));
    }

    /** First byte and whole response in ms, for a sentence never sent before. */
    private static double[] time(TestServer server, String voice) throws Exception {
        String text = "Good morning, this is sentence number " + (++counter) + " for the gateway.";
        HttpRequest request = server.speechRequest(TestServer.speechJson(voice, text, "pcm")).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200 || body.read() < 0) {
                throw new IllegalStateException(voice + ": HTTP " + response.statusCode());
            }
            double first = (System.nanoTime() - start) / 1e6;
            body.readAllBytes();
            return new double[] {first, (System.nanoTime() - start) / 1e6};
        }
    }

    private static void row(String name, double[] first, double[] total) {
        double[] f = first.clone();
        double[] t = total.clone();
        Arrays.sort(f);
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name, f[f.length / 2], p95(f),
                t[t.length / 2], p95(t));
    }

    private static double p95(double[] sorted) {
        return sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
    }
}
