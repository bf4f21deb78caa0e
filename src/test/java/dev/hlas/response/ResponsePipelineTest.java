package dev.hlas.response;

import dev.hlas.Hlas;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Decoded;
import dev.hlas.audio.Encoders;
import dev.hlas.config.HlasConfig;
import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.InvalidRequest;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.testing.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The transport-neutral response pipeline, driven directly (no HTTP): what every transport relies on. */
class ResponsePipelineTest {
    @TempDir
    Path home;
    private Hlas hlas;

    private ResponsePipeline pipeline(TestEngine engine, UnaryOperator<HlasConfig> tune) {
        HlasConfig config = tune.apply(HlasConfig.defaults().withHome(home));
        hlas = Hlas.create(config, SynthesisListener.NONE, List.of(engine));
        return hlas.responses();
    }

    @AfterEach
    void close() {
        if (hlas != null) hlas.close();
    }

    private static SpeechRequest request(TestEngine engine, String text, AudioFormat format) {
        return SpeechRequest.of(text, engine.voiceId(), format);
    }

    private static byte[] drain(SpeechResponse response) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece = response.next(); piece != null; piece = response.next()) {
            assertThat(piece).isNotEmpty();
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    @Test
    void a_live_response_hands_out_one_valid_file_and_a_repeat_is_the_same_bytes_from_the_cache() throws Exception {
        TestEngine engine = new TestEngine("live", 1).chunks(3, 0.2);
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        RequestRecord record = new RequestRecord("r1", "POST", "/test", System.nanoTime(), 0);
        byte[] first;
        try (SpeechResponse response = pipeline.open(request(engine, "One. Two.", AudioFormat.MP3),
                new ResponseOptions(record, false, null))) {
            assertThat(response.info().cache()).isEqualTo(CacheStatus.MISS);
            assertThat(response.info().voices()).containsExactly(engine.voiceId());
            assertThat(response.contentLength()).isEmpty();
            first = drain(response);
            assertThat(response.audioSeconds()).isCloseTo(1.2, offset(0.01));
        }
        assertThat(Decoded.of(first, home).seconds()).isCloseTo(1.2, offset(0.06));
        assertThat(record.cache()).isEqualTo("miss");
        assertThat(record.audioSeconds()).isCloseTo(1.2, offset(0.01));
        assertThat(record.wasAborted()).isFalse();
        int calls = engine.calls();

        try (SpeechResponse again = pipeline.open(request(engine, "One. Two.", AudioFormat.MP3),
                ResponseOptions.defaults())) {
            assertThat(again.info().cache()).isEqualTo(CacheStatus.HIT);
            assertThat(again.info().sampleRate()).isEqualTo(TestEngine.SAMPLE_RATE);
            assertThat(again.info().voices()).containsExactly(engine.voiceId());
            assertThat(again.contentLength()).hasValue(first.length);
            assertThat(drain(again)).isEqualTo(first);
        }
        assertThat(engine.calls()).isEqualTo(calls);
        assertThat(Encoders.openNativeEncoders()).isZero();
    }

    @Test
    void input_errors_and_a_full_engine_are_raised_by_open_before_any_audio() throws Exception {
        TestEngine engine = new TestEngine("full", 1).hold();
        ResponsePipeline pipeline = pipeline(engine,
                c -> c.withServing(c.serving().withQueueLimit(0)));
        assertThatThrownBy(() -> pipeline.open(request(engine, "  ", AudioFormat.WAV), ResponseOptions.defaults()))
                .isInstanceOf(InvalidRequest.class);
        try (SpeechResponse running = pipeline.open(request(engine, "Hello.", AudioFormat.WAV),
                new ResponseOptions(null, true, null))) {
            assertThatThrownBy(() -> pipeline.open(request(engine, "Other.", AudioFormat.WAV),
                    new ResponseOptions(null, true, null))).isInstanceOf(Busy.class);
            engine.release();
            assertThat(drain(running)).isNotEmpty();
        }
    }

    @Test
    void a_failure_in_the_first_sentence_is_thrown_by_the_first_next_and_nothing_is_cached() throws Exception {
        TestEngine engine = new TestEngine("fails", 1).failFrom(0);
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        try (SpeechResponse response = pipeline.open(request(engine, "Hello.", AudioFormat.OPUS),
                ResponseOptions.defaults())) {
            assertThatThrownBy(response::next).isInstanceOf(EngineFailure.class);
        }
        assertThat(Encoders.openNativeEncoders()).isZero();
        assertThat(hlas.cache().stats().stores()).isZero();
    }

    @Test
    void a_client_that_leaves_while_its_first_audio_is_awaited_frees_its_worker() throws Exception {
        TestEngine engine = new TestEngine("gone", 1).hold();
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        // Three sentences: synthesis is held in the first until the client has gone.
        CompletableFuture<Boolean> gone = new CompletableFuture<>();
        try (SpeechResponse response = pipeline.open(request(engine, "One. Two. Three.", AudioFormat.WAV),
                new ResponseOptions(null, true, () -> gone.getNow(false)))) {
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    response.next();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            gone.complete(true);
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ClientGone.class);
        }
        awaitIdle(); // the stream ended while its first sentence was still held
        engine.release();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.running() > 0 && System.nanoTime() < end) Thread.sleep(5);
        assertThat(engine.running()).isZero();
        assertThat(engine.calls()).as("no sentence after the first was started").isEqualTo(1);
    }

    @Test
    void cancel_from_another_thread_stops_synthesis_and_the_response_ends_without_caching() throws Exception {
        TestEngine engine = new TestEngine("cancel", 1).chunks(50, 0.1).sleepPerChunk(Duration.ofMillis(20));
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        RequestRecord record = new RequestRecord("r2", "POST", "/test", System.nanoTime(), 0);
        try (SpeechResponse response = pipeline.open(request(engine, "Long.", AudioFormat.PCM),
                new ResponseOptions(record, false, null))) {
            assertThat(response.next()).isNotEmpty();
            response.cancel();
        }
        awaitIdle();
        assertThat(record.wasAborted()).isTrue();
        assertThat(hlas.cache().stats().stores()).isZero();
        assertThat(hlas.speech().scheduler().activeStreams()).isZero();
    }

    private void awaitIdle() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hlas.speech().scheduler().activeStreams() > 0 && System.nanoTime() < end) Thread.sleep(5);
        assertThat(hlas.speech().scheduler().activeStreams()).isZero();
    }
}
