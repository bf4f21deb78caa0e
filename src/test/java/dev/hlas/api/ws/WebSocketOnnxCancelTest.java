package dev.hlas.api.ws;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hlas.config.EnginesConfig;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WsTestClient;
import dev.hlas.testing.WsTestClient.Frame;
import dev.hlas.testing.onnx.RealisticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Barge-in against a Piper voice whose one sentence is a single long ONNX Runtime run (a {@link RealisticPiperModel}
 * and a sentence of some 600 characters: seconds of compute, in 128 matrix products of some 50 ms each; without
 * termination the worker was free only 3.6 s after the cancel here). A cancel must stop that run, not wait for it:
 * the worker is free long before the run could have finished, and the stopped run is a cancel — no {@code error}
 * frame, no audio, a 499 in the records and nothing logged at WARN or above.
 */
class WebSocketOnnxCancelTest {
    private static final String VOICE = "en_US-lessac-medium";
    /** One sentence (no sentence end before the last character), so one engine call and one ONNX run. */
    private static final String SENTENCE = ("the quick brown fox jumps over the lazy dog near the quiet river and "
            + "keeps on running through the long and winding valley ").repeat(5).strip() + ".";
    /** Far below one run of {@link #SENTENCE} (several seconds here), far above a terminated run's unwinding. */
    private static final long FREE_WITHIN_MILLIS = 1_500;

    @TempDir
    Path home;

    @Test
    void cancel_terminates_the_running_inference_and_frees_the_worker_without_an_engine_error() throws Exception {
        Path model = RealisticPiperModel.write(home.resolve("heavy.onnx"), 512, 128);
        SyntheticPiperVoice.install(new VoiceStore(home.resolve("home")), Spec.single(VOICE, "en-us", "en_US"), model);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        // The first sentence whole (--first-chunk sentence): one long model run is what a cancel must interrupt.
        try (TestServer server = new TestServer(home.resolve("home"), c -> c.withEngines(
                EnginesConfig.defaults().withPiper(new PiperSettings(null, 0.0, false)).withFirstClause(false)));
             WsTestClient ws = WsTestClient.connect(server)) {
            EngineScheduler scheduler = server.hlas().speech().scheduler();
            ws.expect("ready");
            ws.message("config", "voice", VOICE, "lang", "en", "response_format", "pcm");
            ws.expect("config_ack");
            ws.message("text", "text", SENTENCE);
            ws.message("flush");
            ws.untilType("sentence");
            Await.until("the sentence is inside its engine call", () -> scheduler.load().values().stream()
                    .anyMatch(l -> l.runningJobs() > 0));
            long start = System.nanoTime();
            ws.message("cancel");
            Await.until("the worker is free", () -> !busy(scheduler));
            long freeMillis = (System.nanoTime() - start) / 1_000_000;
            List<Frame> untilCancelled = ws.untilType("cancelled");
            assertThat(freeMillis).as("cancel → worker free, ms").isLessThan(FREE_WITHIN_MILLIS);
            // Audio synthesized before the cancel may precede it (on a loaded machine a piece can finish first); an
            // engine error may not, and nothing of the cancelled utterance may follow it (checked below).
            assertThat(untilCancelled).extracting(Frame::type).doesNotContain("error");

            ws.message("text", "text", "Short.");
            ws.message("flush");
            List<Frame> next = ws.untilType("audio_end");
            assertThat(next).extracting(Frame::type).contains("audio").doesNotContain("error", "cancelled");
            assertThat(next.getFirst().json().get("utterance").asInt()).isEqualTo(2);
            Await.until("the cancelled utterance is recorded as a cancel",
                    () -> server.get("/v1/ops/summary").body().contains("\"status\":499"));
            assertThat(server.get("/v1/ops/summary").body()).doesNotContain("\"status\":500");
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).as("nothing logged as a failure").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    private static boolean busy(EngineScheduler scheduler) {
        return scheduler.activeStreams() > 0
                || scheduler.load().values().stream().anyMatch(l -> l.runningJobs() > 0 || l.queuedJobs() > 0);
    }
}
