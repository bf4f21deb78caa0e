package dev.hlas.bench;

import dev.hlas.engine.remote.RemoteSettings;
import dev.hlas.engine.remote.UpstreamsFile;
import dev.hlas.testing.TestServer;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the gateway adds to the first byte: the time from sending a {@code pcm} speech request to its first body byte,
 * straight to a Hlas serving an espeak-ng voice, through a gateway Hlas in front of it ({@code up:alloy}), and
 * through the gateway when the voice's first upstream refuses connections ({@code dead:alloy}, failing over to the
 * same Hlas). Loopback, JDK HttpClient over HTTP/1.1, one request at a time.
 *
 * <p>Usage: {@code bench/run GatewayBench [requests]} (default 60 of each, after 10 of each to warm up).
 */
public final class GatewayBench {
    private static final String TEXT = "Good morning, this is a short sentence for the gateway.";

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (TestServer upstream = new TestServer(Files.createTempDirectory("hlas-bench-upstream"))) {
            RemoteSettings remote = UpstreamsFile.parse("""
                    upstreams:
                      - name: dead
                        url: http://127.0.0.1:%d
                        breaker: {failures: 1000000}
                        tts: {voices: [alloy]}
                      - name: up
                        url: http://127.0.0.1:%d
                        kind: hlas
                        priority: 1
                        tts: {voices: [alloy], languages: [en]}
                    """.formatted(deadPort, upstream.port()), "bench", n -> null);
            Path home = Files.createTempDirectory("hlas-bench-gateway");
            try (TestServer gateway = new TestServer(home, c -> c.withEngines(c.engines().withRemote(remote)))) {
                for (int i = 0; i < 10; i++) {
                    firstByte(upstream, "alloy");
                    firstByte(gateway, "up:alloy");
                    firstByte(gateway, "dead:alloy");
                }
                double[] direct = new double[requests];
                double[] via = new double[requests];
                double[] failover = new double[requests];
                for (int i = 0; i < requests; i++) { // interleaved, so drift hits all three alike
                    direct[i] = firstByte(upstream, "alloy");
                    via[i] = firstByte(gateway, "up:alloy");
                    failover[i] = firstByte(gateway, "dead:alloy");
                }
                System.out.printf("## GatewayBench — %d cores, %d requests each, first byte of a pcm response%n%n",
                        Runtime.getRuntime().availableProcessors(), requests);
                System.out.println("| path | p50 ms | p95 ms | max ms |");
                System.out.println("|---|---|---|---|");
                row("client → Hlas (alloy)", direct);
                row("client → gateway → Hlas (up:alloy)", via);
                row("client → gateway → refused → Hlas (dead:alloy)", failover);
            }
        }
    }

    private static double firstByte(TestServer server, String voice) throws Exception {
        HttpRequest request = server.speechRequest(TestServer.speechJson(voice, TEXT, "pcm")).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200 || body.read() < 0) {
                throw new IllegalStateException(voice + ": HTTP " + response.statusCode());
            }
            double ms = (System.nanoTime() - start) / 1e6;
            body.readAllBytes();
            return ms;
        }
    }

    private static void row(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, s[s.length / 2],
                s[(int) Math.ceil(s.length * 0.95) - 1], s[s.length - 1]);
    }
}
