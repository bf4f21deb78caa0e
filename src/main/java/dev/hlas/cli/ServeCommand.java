package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.error.HlasException;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.VoiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code hlas serve}: run the HTTP server until SIGTERM or Ctrl-C, then drain and exit 0.
 *
 * <p>SIGTERM (what Kubernetes, systemd and Docker send) and SIGINT are handled here rather than left to the JVM, which
 * would exit with 143/130 after its shutdown hooks: a replica that drained cleanly should report success. The drain
 * itself is {@link Hlas#close()}: {@code /ready} answers 503 at once, new {@code /v1} requests get 503 with
 * {@code Retry-After}, running streams finish within {@code --shutdown-grace}, then the port closes. A shutdown
 * hook still drains on any other JVM exit.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the OpenAI-compatible speech server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ServeOptions options;

    @Mixin
    WebSocketOptions webSocket;

    @Mixin
    SttOptions stt;

    @Option(names = "--pull", defaultValue = "${env:HLAS_PULL}",
            description = "Voices to pull (verified) before serving when not yet installed, comma-separated, e.g. "
                    + "cs_CZ-jirka-medium,kokoro (HLAS_PULL); a failed pull is reported and the server starts anyway.")
    String pull;

    @Override
    public Integer call() throws InterruptedException {
        HlasConfig config = stt.applyTo(options.toConfig().withWebSocket(webSocket.toConfig()));
        pullMissing(config);
        Hlas hlas = Hlas.serve(config);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                try {
                    long start = System.nanoTime();
                    hlas.close();
                    // Said once everything is closed: container tooling (and deploy/smoke) read it as a clean stop.
                    System.err.printf("Hlas stopped cleanly in %d ms%n", (System.nanoTime() - start) / 1_000_000);
                } finally {
                    stopped.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            awaitQuietly(stopped);
        }, "hlas-shutdown"));
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                log.info("SIG{}: draining: /ready is 503, new requests are refused with 503, {} running request(s)"
                                + " get up to {} s to finish", name, hlas.server().inFlight(),
                        config.serving().shutdownGrace().toSeconds());
                Thread.ofPlatform().name("hlas-drain").start(stop);
            });
        }
        System.err.printf("Hlas is listening on http://%s:%d (voices: %d). Try:%n  curl -s localhost:%d/v1/audio/speech "
                        + "-H 'Content-Type: application/json' -d '{\"model\":\"tts-1\",\"input\":\"Dobrý den!\","
                        + "\"voice\":\"alloy\",\"response_format\":\"wav\"}' -o hello.wav%n",
                config.host(), hlas.port(), hlas.speech().voices().voices().size(), hlas.port());
        if (config.wyoming().enabled()) {
            System.err.printf("Wyoming (Home Assistant) on %s:%d%n", config.wyoming().hostOr(config.host()),
                    hlas.wyoming().port());
        }
        stopped.await();
        log.info("stopped");
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pulls the {@code --pull} voices not yet in the data directory, so a container with a volume downloads them
     * once. A failure (no network, a typo) is said and serving goes on with what is installed.
     */
    private void pullMissing(HlasConfig config) {
        if (pull == null || pull.isBlank()) return;
        VoiceStore store = new VoiceStore(config.home());
        List<String> missing = Arrays.stream(pull.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .distinct().filter(id -> store.find(id).isEmpty()).toList();
        if (missing.isEmpty()) return;
        URI mirror = config.voices().mirror();
        for (String id : missing) {
            try {
                VoicesCommand.pull(Catalog.builtIn(), store, new Downloader(mirror), List.of(id), false, System.err);
            } catch (HlasException | UncheckedIOException e) {
                System.err.printf("hlas: could not pull %s (%s); serving without it%n", id, e.getMessage());
            }
        }
    }
}
