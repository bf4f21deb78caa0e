package dev.hlas.response;

import dev.hlas.audio.AudioOutput;
import dev.hlas.audio.Encoders;
import dev.hlas.engine.PcmChunk;
import dev.hlas.error.HlasException;
import dev.hlas.error.InternalFailure;
import dev.hlas.error.InvalidRequest;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.SpokenWord;
import dev.hlas.text.SentenceBuffer;
import dev.hlas.text.SsmlParser;
import dev.hlas.text.StreamedText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response whose text arrives while it is spoken (an LLM's tokens over WebSocket, a streamed Wyoming answer): text
 * goes in with {@link #append} in pieces cut anywhere; each sentence is synthesized as soon as the text after it
 * shows it is complete (the same rules as whole texts), the rest at {@link #finish}. Out come, in order, a
 * {@link UtteranceEvent.Sentence} before each sentence's audio and {@link UtteranceEvent.Audio} pieces that
 * concatenate to one valid file (one encoder for the whole utterance; later sentences' voices are resampled to the
 * first one's rate). SSML (the request's {@code input_format}, or a stream that starts with {@code <speak>}) is cut
 * at safe points instead of sentence ends ({@link StreamedText}); malformed SSML ends the utterance with a 400.
 *
 * <p>Each sentence is planned (normalized, language detected, voice chosen) and admitted on its own: the utterance
 * holds an engine place only while one of its sentences is synthesized, and a full engine ends it with
 * {@link dev.hlas.error.Busy}. A piece with nothing speakable in it is skipped.
 *
 * <p>Threads: one producer (a virtual thread) plans, synthesizes and encodes; {@link #append}, {@link #finish} and
 * {@link #cancel} may be called from any thread; {@link #next} from one consumer. After {@link #cancel},
 * {@link #next} answers {@code null} at once: no audio of a cancelled utterance is handed out.
 */
public final class IncrementalResponse implements AutoCloseable {
    private static final Object FINISH = new Object();
    private static final Object END = new Object();
    private final SpeechService speech;
    private final SpeechRequest settings;
    private final RequestRecord record;
    private final StreamedText buffer;
    private final BlockingQueue<Object> segments = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(8);
    private final Thread producer;
    private volatile boolean cancelled;
    private volatile SpeechStream current;
    private volatile int sampleRate;
    private volatile double audioSeconds;
    private volatile int sentences;
    /**
     * Seconds of PCM written so far (producer thread), what later sentences' word times count from: exact, where the
     * encoder's count lags by what its resampler still holds.
     */
    private double spokenSeconds;
    /** The language the utterance has been speaking: decides short sentences that cannot decide alone. */
    private String sessionLanguage;
    private boolean finished;
    private boolean ended;
    private int characters;

    IncrementalResponse(SpeechService speech, SpeechRequest settings, RequestRecord record) {
        this.speech = speech;
        this.settings = settings;
        this.record = record;
        String format = settings.inputFormat();
        this.buffer = new StreamedText(format == null ? null : format.equals("ssml"));
        if (record != null) record.cache(CacheStatus.BYPASS.wireName());
        this.producer = Thread.ofVirtual().name("hlas-utterance").start(this::produce);
    }

    /**
     * Adds text to speak.
     *
     * @throws IllegalStateException after {@link #finish}
     */
    public synchronized void append(String delta) {
        if (finished) throw new IllegalStateException("the utterance is finished");
        characters += delta.codePointCount(0, delta.length());
        segments.addAll(buffer.append(delta));
    }

    /** No more text: what is buffered is spoken, then the response ends. Calling it again does nothing. */
    public synchronized void finish() {
        if (finished) return;
        finished = true;
        segments.addAll(buffer.flush());
        segments.add(FINISH);
    }

    /** Characters waiting for the end of their sentence. */
    public synchronized int buffered() {
        return buffer.buffered();
    }

    /** Characters appended so far, in code points. */
    public synchronized int characters() {
        return characters;
    }

    /** Rate of the encoded audio; known (non-zero) from the first {@link UtteranceEvent.Sentence} on. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Seconds of audio encoded so far. */
    public double audioSeconds() {
        return audioSeconds;
    }

    /** Sentences announced so far. */
    public int sentences() {
        return sentences;
    }

    /**
     * The next event, waiting for it; {@code null} when the utterance has ended (finished and spoken, or cancelled).
     *
     * @throws HlasException when planning or synthesis failed (the utterance has ended then)
     */
    public UtteranceEvent next() throws InterruptedException {
        if (ended || cancelled) return null;
        Object item = events.take();
        if (cancelled || item == END) {
            ended = true;
            return null;
        }
        if (item instanceof HlasException e) {
            ended = true;
            throw e;
        }
        return (UtteranceEvent) item;
    }

    /** Stops at once: the engine stops before its next chunk, buffered text is dropped, nothing more comes out. */
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            finished = true;
            buffer.clear();
        }
        SpeechStream stream = current;
        if (stream != null) stream.cancel();
        producer.interrupt();
        events.clear();
        events.offer(END);
    }

    /** Whether the utterance was cancelled. */
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void close() {
        if (!ended) cancel();
    }

    private void produce() {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        AudioOutput audio = null;
        boolean completed = false;
        try {
            while (!cancelled) {
                Object item = segments.take();
                if (item == FINISH) break;
                SentenceBuffer.Segment segment = (SentenceBuffer.Segment) item;
                SpeechPlan plan;
                try {
                    plan = speech.plan(settings.withInput(segment.text()), sessionLanguage);
                } catch (InvalidRequest e) {
                    // nothing speakable in this piece; malformed SSML, though, ends the utterance
                    if ("input".equals(e.param()) && !SsmlParser.refused(e)) continue;
                    throw e;
                }
                for (PlannedSentence planned : plan.sentences()) {
                    if (cancelled) break;
                    boolean firstOfResponse = audio == null; // only the response's first sentence may be cut
                    if (audio == null) {
                        sampleRate = Encoders.outputRate(settings.format(), settings.sampleRate(),
                                planned.voice().voice().info().sampleRate());
                        double volume = settings.volume() == null ? 1.0 : settings.volume();
                        audio = AudioOutput.open(settings.format(), sampleRate, volume, encoded);
                        if (record != null) {
                            record.speech(planned.voice().engine().id(), planned.voice().id(),
                                    settings.format().name().toLowerCase(Locale.ROOT), 0);
                        }
                    }
                    speak(new SpeechPlan(plan.request(), List.of(firstOfResponse ? planned : planned.whole())),
                            segment, audio, encoded);
                    sessionLanguage = planned.sentence().language();
                }
            }
            if (!cancelled && audio != null) {
                audio.finish();
                hand(encoded, audio);
            }
            completed = !cancelled;
            if (completed) offer(END);
        } catch (InterruptedException e) {
            // cancelled
        } catch (HlasException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(new InternalFailure("Encoding the audio failed.", e));
        } finally {
            if (audio != null) audio.close();
            if (record != null) {
                if (!completed) record.aborted();
                record.audioSeconds(audioSeconds);
            }
        }
    }

    private int announce(PlannedSentence planned, SentenceBuffer.Segment segment) throws InterruptedException {
        var s = planned.sentence();
        int start = segment.start() + s.start();
        int end = segment.start() + s.end();
        String written = segment.text().substring(s.start(), s.end());
        int index = sentences++;
        offer(new UtteranceEvent.Sentence(index, written, s.text(), start, end, s.language(), planned.voice().id()));
        return index;
    }

    /** Admits one sentence (a {@link dev.hlas.error.Busy} here ends the utterance), announces it, encodes it. */
    private void speak(SpeechPlan plan, SentenceBuffer.Segment segment, AudioOutput audio,
                       ByteArrayOutputStream encoded) throws InterruptedException, IOException {
        try (SpeechStream stream = speech.open(plan)) {
            current = stream;
            if (cancelled) return;
            int index = announce(plan.sentences().getFirst(), segment);
            double before = spokenSeconds;
            for (PcmChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
                audio.write(chunk);
                spokenSeconds += chunk.seconds();
                hand(encoded, audio);
            }
            for (SentenceTiming timing : stream.timings()) {
                offer(new UtteranceEvent.Words(index, shifted(timing.words(), before, segment.start())));
            }
        } finally {
            current = null;
        }
    }

    /**
     * A sentence's words as the utterance sees them: the sentence was spoken as a request of its own, so its times
     * count from its own first sample and its offsets index its segment.
     */
    private static List<SpokenWord> shifted(List<SpokenWord> words, double seconds, int chars) {
        List<SpokenWord> out = new ArrayList<>(words.size());
        for (SpokenWord w : words) {
            out.add(new SpokenWord(w.word(), w.spoken(), round(w.start() + seconds), round(w.end() + seconds),
                    w.charStart() + chars, w.charEnd() + chars, w.estimated()));
        }
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }

    private void hand(ByteArrayOutputStream encoded, AudioOutput audio) throws InterruptedException {
        audioSeconds = audio.seconds();
        if (encoded.size() == 0) return;
        byte[] piece = encoded.toByteArray();
        encoded.reset();
        offer(new UtteranceEvent.Audio(piece));
    }

    /** Hands a failure to the consumer; it ends the utterance. */
    private void fail(HlasException e) {
        try {
            offer(e);
        } catch (InterruptedException interrupted) {
            // cancelled meanwhile: nobody wants to hear about it
        }
    }

    private void offer(Object item) throws InterruptedException {
        while (!cancelled) {
            if (events.offer(item, 50, TimeUnit.MILLISECONDS)) return;
        }
    }
}
