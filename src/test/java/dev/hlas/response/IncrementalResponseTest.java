package dev.hlas.response;

import dev.hlas.Hlas;
import dev.hlas.audio.AudioFormat;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.Utterance;
import dev.hlas.error.Busy;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.testing.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text that arrives in pieces: sentences spoken as soon as they are complete, one file for the whole utterance. */
class IncrementalResponseTest {
    private static final String TEXT = "First sentence here. Second one, with a comma! And the last one?";
    @TempDir
    Path home;
    private Hlas hlas;

    private ResponsePipeline pipeline(TestEngine engine, UnaryOperator<HlasConfig> tune) {
        hlas = Hlas.create(tune.apply(HlasConfig.defaults().withHome(home)), SynthesisListener.NONE, List.of(engine));
        return hlas.responses();
    }

    @AfterEach
    void close() {
        if (hlas != null) hlas.close();
    }

    private record Heard(List<UtteranceEvent.Sentence> sentences, byte[] audio) {
    }

    private static Heard drain(IncrementalResponse response) throws InterruptedException {
        List<UtteranceEvent.Sentence> sentences = new ArrayList<>();
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (UtteranceEvent e = response.next(); e != null; e = response.next()) {
            switch (e) {
                case UtteranceEvent.Sentence s -> sentences.add(s);
                case UtteranceEvent.Audio a -> audio.writeBytes(a.bytes());
                case UtteranceEvent.Words w -> {
                    // the WebSocket tests check words
                }
            }
        }
        return new Heard(sentences, audio.toByteArray());
    }

    @Test
    void only_the_first_sentence_of_a_text_arriving_in_pieces_is_cut_after_its_first_clause() throws Exception {
        String first = "When the first sentence of a reply is long, the listener should not wait for all of it.";
        String second = "The next piece is long too, but it is synthesized while the first one is playing out.";
        TestEngine engine = new TestEngine("inc-first", 1);
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        SpeechRequest settings = SpeechRequest.of("", engine.voiceId(), AudioFormat.PCM);
        try (IncrementalResponse response = pipeline.openIncremental(settings, ResponseOptions.defaults())) {
            response.append(first + " ");
            response.append(second + " ");
            response.finish();
            drain(response);
        }
        assertThat(engine.heard()).extracting(Utterance::text).containsExactly(
                "When the first sentence of a reply is long,", "the listener should not wait for all of it.", second);
    }

    @Test
    void deltas_cut_mid_word_give_the_same_audio_as_one_request_for_the_whole_text() throws Exception {
        TestEngine engine = new TestEngine("inc", 1);
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        SpeechRequest settings = SpeechRequest.of("", engine.voiceId(), AudioFormat.PCM);
        Heard heard;
        try (IncrementalResponse response = pipeline.openIncremental(settings, ResponseOptions.defaults())) {
            for (int i = 0; i < TEXT.length(); i += 4) response.append(TEXT.substring(i, Math.min(TEXT.length(), i + 4)));
            response.finish();
            heard = drain(response);
        }
        byte[] whole;
        try (SpeechResponse response = pipeline.open(settings.withInput(TEXT), new ResponseOptions(null, true, null))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p = response.next(); p != null; p = response.next()) out.writeBytes(p);
            whole = out.toByteArray();
        }
        assertThat(heard.audio()).isEqualTo(whole);
        assertThat(heard.sentences()).extracting(UtteranceEvent.Sentence::text)
                .containsExactly("First sentence here.", "Second one, with a comma!", "And the last one?");
        for (UtteranceEvent.Sentence s : heard.sentences()) {
            assertThat(TEXT.substring(s.start(), s.end())).isEqualTo(s.text());
            assertThat(s.voice()).isEqualTo(engine.voiceId());
        }
        assertThat(heard.sentences()).extracting(UtteranceEvent.Sentence::index).containsExactly(0, 1, 2);
    }

    @Test
    void a_complete_sentence_is_spoken_before_the_text_is_finished() throws Exception {
        TestEngine engine = new TestEngine("early", 1);
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        try (IncrementalResponse response = pipeline.openIncremental(
                SpeechRequest.of("", engine.voiceId(), AudioFormat.PCM), ResponseOptions.defaults())) {
            response.append("Hello there. And th");
            assertThat(response.next()).isInstanceOfSatisfying(UtteranceEvent.Sentence.class,
                    s -> assertThat(s.text()).isEqualTo("Hello there."));
            assertThat(response.next()).isInstanceOf(UtteranceEvent.Audio.class);
            assertThat(response.buffered()).isEqualTo("And th".length());
            response.append("en more.");
            response.finish();
            Heard rest = drain(response);
            assertThat(rest.sentences()).extracting(UtteranceEvent.Sentence::text).containsExactly("And then more.");
            assertThat(response.sampleRate()).isEqualTo(24_000);
        }
    }

    @Test
    void cancel_ends_the_utterance_at_once_and_frees_the_worker() throws Exception {
        TestEngine engine = new TestEngine("barge", 1).chunks(100, 0.05).sleepPerChunk(Duration.ofMillis(10));
        ResponsePipeline pipeline = pipeline(engine, c -> c);
        IncrementalResponse response = pipeline.openIncremental(
                SpeechRequest.of("", engine.voiceId(), AudioFormat.MP3), ResponseOptions.defaults());
        response.append("A long sentence that takes a while. Another one after it. ");
        assertThat(response.next()).isInstanceOf(UtteranceEvent.Sentence.class);
        assertThat(response.next()).isInstanceOf(UtteranceEvent.Audio.class);
        response.cancel();
        assertThat(response.next()).isNull();
        assertThat(response.cancelled()).isTrue();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((engine.running() > 0 || hlas.speech().scheduler().activeStreams() > 0) && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(engine.running()).isZero();
        assertThat(hlas.speech().scheduler().activeStreams()).isZero();
        assertThat(engine.calls()).as("the second sentence never started").isEqualTo(1);
        assertThatThrownBy(() -> response.append("more")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_full_engine_ends_the_utterance_with_busy() throws Exception {
        TestEngine engine = new TestEngine("busy", 1).hold();
        ResponsePipeline pipeline = pipeline(engine, c -> c.withServing(c.serving().withQueueLimit(0)));
        try (SpeechResponse blocker = pipeline.open(SpeechRequest.of("Hold.", engine.voiceId(), AudioFormat.PCM),
                new ResponseOptions(null, true, null));
             IncrementalResponse response = pipeline.openIncremental(
                     SpeechRequest.of("", engine.voiceId(), AudioFormat.PCM), ResponseOptions.defaults())) {
            response.append("Refused.");
            response.finish();
            assertThatThrownBy(response::next).isInstanceOf(Busy.class); // refused before it was announced
            assertThat(response.next()).isNull();
            engine.release();
            assertThat(blocker.next()).isNotEmpty();
        }
    }
}
