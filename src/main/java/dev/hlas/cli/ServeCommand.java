package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code hlas serve}: run the HTTP server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the OpenAI-compatible speech server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options;

    @Mixin
    WebSocketOptions webSocket;

    @Mixin
    SttOptions stt;

    @Override
    public Integer call() throws InterruptedException {
        HlasConfig config = stt.applyTo(options.toConfig().withWebSocket(webSocket.toConfig()));
        Hlas hlas = Hlas.serve(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hlas.close();
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
}
