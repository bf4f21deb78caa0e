package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Command;
import dev.hlas.error.HlasException;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.VoiceStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code hlas serve}: run the HTTP server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the OpenAI-compatible speech server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options;

    @Mixin
    WebSocketOptions webSocket;

    @Option(names = "--pull", defaultValue = "${env:HLAS_PULL}",
            description = "Voices to pull (verified) before serving when not yet installed, comma-separated, e.g. "
                    + "cs_CZ-jirka-medium,kokoro (HLAS_PULL); a failed pull is reported and the server starts anyway.")
    String pull;

    @Override
    public Integer call() throws InterruptedException {
        HlasConfig config = options.toConfig().withWebSocket(webSocket.toConfig());
        pullMissing(config);
        Hlas hlas = Hlas.serve(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            hlas.close();
            // Said once everything is closed: container tooling (and deploy/smoke) read it as a clean stop.
            System.err.printf("Hlas stopped cleanly in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            stopped.countDown();
        }, "hlas-shutdown"));
        System.err.printf("Hlas is listening on http://%s:%d (voices: %d). Try:%n  curl -s localhost:%d/v1/audio/speech "
                        + "-H 'Content-Type: application/json' -d '{\"model\":\"tts-1\",\"input\":\"Dobrý den!\","
                        + "\"voice\":\"alloy\",\"response_format\":\"wav\"}' -o hello.wav%n",
                config.host(), hlas.port(), hlas.speech().voices().voices().size(), hlas.port());
        if (config.wyoming().enabled()) {
            System.err.printf("Wyoming (Home Assistant) on %s:%d%n", config.wyoming().hostOr(config.host()),
                    hlas.wyoming().port());
        }
        stopped.await();
        return 0;
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
