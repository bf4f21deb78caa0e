package dev.hlas.speech;

import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.PcmChunk;
import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.InvalidRequest;
import dev.hlas.error.Unavailable;
import dev.hlas.error.VoiceUnavailable;
import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.testing.TestEngine;
import dev.hlas.voice.VoiceAliases;
import dev.hlas.voice.VoiceRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The speech stage on its own: planning, admission, the stream and its deadline, without any transport. */
class SpeechServiceTest {
    private SpeechService service;

    private SpeechService service(TestEngine engine, int queueLimit, Duration timeout) {
        VoiceRegistry voices = new VoiceRegistry(List.of(engine), VoiceAliases.openAiDefaults());
        service = new SpeechService(new FrontEndTextAnalyzer(), voices,
                new EngineScheduler(Map.of(), queueLimit, timeout), SynthesisListener.NONE);
        return service;
    }

    @AfterEach
    void close() {
        if (service != null) service.close();
    }

    private static SpeechRequest request(TestEngine engine, String text) {
        return SpeechRequest.of(text, engine.voiceId(), AudioFormat.PCM);
    }

    @Test
    void a_plan_has_a_sentence_each_with_its_voice_and_bad_input_is_refused_before_synthesis() {
        TestEngine engine = new TestEngine("plan", 1);
        SpeechService speech = service(engine, 4, Duration.ofMinutes(1));
        SpeechPlan plan = speech.plan(request(engine, "One. Two. Three."));
        assertThat(plan.sentences()).hasSize(3).allSatisfy(s -> assertThat(s.voice().id()).isEqualTo(engine.voiceId()));
        assertThat(plan.nativeSampleRate()).isEqualTo(TestEngine.SAMPLE_RATE);

        assertThatThrownBy(() -> speech.plan(request(engine, " \n "))).isInstanceOf(InvalidRequest.class)
                .satisfies(e -> assertThat(((InvalidRequest) e).param()).isEqualTo("input"));
        assertThatThrownBy(() -> speech.plan(SpeechRequest.of("Hi.", "no-such-voice", AudioFormat.PCM)))
                .isInstanceOf(VoiceUnavailable.class)
                .satisfies(e -> assertThat(((VoiceUnavailable) e).param()).isEqualTo("voice"));
        assertThat(engine.calls()).isZero();
    }

    @Test
    void admission_takes_workers_plus_queue_and_refuses_the_next_with_the_engines_state() throws Exception {
        TestEngine engine = new TestEngine("admit", 1).hold();
        SpeechService speech = service(engine, 1, Duration.ofMinutes(1));
        try (SpeechStream a = speech.open(speech.plan(request(engine, "A.")));
             SpeechStream b = speech.open(speech.plan(request(engine, "B.")))) {
            assertThatThrownBy(() -> speech.open(speech.plan(request(engine, "C."))))
                    .isInstanceOf(Busy.class)
                    .hasMessageContaining("admit queue 1/1, active 1/1");
            engine.release();
            int chunks = 0;
            for (PcmChunk c = a.next(); c != null; c = a.next()) chunks++;
            assertThat(chunks).isEqualTo(2);
        }
    }

    @Test
    void cancelling_a_stream_gives_its_place_back() throws Exception {
        TestEngine engine = new TestEngine("cancel", 1).chunks(100, 0.05).sleepPerChunk(Duration.ofMillis(10));
        SpeechService speech = service(engine, 0, Duration.ofMinutes(1));
        try (SpeechStream stream = speech.open(speech.plan(request(engine, "Long.")))) {
            assertThat(stream.next()).isNotNull();
            stream.cancel();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (speech.scheduler().activeStreams() > 0 && System.nanoTime() < end) Thread.sleep(5);
        assertThat(speech.scheduler().activeStreams()).isZero();
        try (SpeechStream again = speech.open(speech.plan(request(engine, "Again.")))) {
            assertThat(again.next()).isNotNull();
        }
    }

    @Test
    void a_cancel_from_another_thread_wakes_a_consumer_waiting_for_the_next_chunk() throws Exception {
        TestEngine engine = new TestEngine("wake", 1).hold();
        SpeechService speech = service(engine, 1, Duration.ofMinutes(1));
        try (SpeechStream stream = speech.open(speech.plan(request(engine, "Held.")))) {
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    stream.next();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            stream.cancel();
            assertThat(waiting.get(5, TimeUnit.SECONDS)).as("a cancelled stream never ends like a complete one")
                    .isInstanceOf(ClientGone.class);
        } finally {
            engine.release();
        }
    }

    @Test
    void a_stream_past_its_deadline_fails_as_unavailable() throws Exception {
        TestEngine engine = new TestEngine("slow", 1).sleepPerChunk(Duration.ofSeconds(5));
        SpeechService speech = service(engine, 1, Duration.ofMillis(200));
        try (SpeechStream stream = speech.open(speech.plan(request(engine, "Slow.")))) {
            assertThatThrownBy(stream::next).isInstanceOf(Unavailable.class).hasMessageContaining("deadline");
        }
    }
}
