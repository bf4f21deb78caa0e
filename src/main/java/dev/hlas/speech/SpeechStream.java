package dev.hlas.speech;

import dev.hlas.engine.RequestScope;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.WordMark;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The audio of one request as it is synthesized, sentence by sentence.
 *
 * <p>A producer (a virtual thread) walks the plan and runs each sentence on its engine's worker pool; chunks cross to
 * the consumer through a small bounded queue, so synthesis of sentence N+1 overlaps sending sentence N, and a slow
 * client holds back the engine only by a few chunks. {@link #cancel} (or {@link #close} before the end) makes the
 * engine's sink answer {@code false}, so synthesis stops before its next chunk and the worker is freed.
 *
 * <p>The stream holds its admission (its place on each engine) until the producer ends, and has a deadline counted
 * from admission: past it, synthesis is cancelled and the stream fails with a 503.
 */
public final class SpeechStream implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 4;
    /** How often a consumer waiting for a chunk checks whether the stream was cancelled from another thread. */
    private static final long CANCEL_POLL_MILLIS = 50;
    private static final Object END = new Object();
    /** How long work past its deadline may take to fail by itself before it is cancelled. */
    private static final long DEADLINE_GRACE_MILLIS = 250;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final SpeechPlan plan;
    private final EngineScheduler scheduler;
    private final SynthesisListener listener;
    private final EngineScheduler.Admission admission;
    private final long deadlineNanos;
    private final Thread producer;
    private volatile boolean cancelled;
    private volatile EngineScheduler.Job currentWork;
    private boolean finished;
    private final List<SentenceTiming> timings = new ArrayList<>();

    SpeechStream(SpeechPlan plan, EngineScheduler scheduler, SynthesisListener listener,
                 EngineScheduler.Admission admission) {
        this.plan = plan;
        this.scheduler = scheduler;
        this.listener = listener;
        this.admission = admission;
        this.deadlineNanos = admission.admittedNanos() + scheduler.requestTimeout().toNanos();
        scheduler.streamStarted();
        listener.streamStarted(plan);
        this.producer = Thread.ofVirtual().name("hlas-stream").start(this::produce);
    }

    public SpeechPlan plan() {
        return plan;
    }

    private void produce() {
        boolean completed = false;
        try {
            var params = plan.request().synthesisParams();
            int total = plan.sentences().size();
            RequestScope scope = RequestScope.until(deadlineNanos);
            double offset = 0;
            for (int i = 0; i < total && !cancelled; i++) {
                PlannedSentence planned = plan.sentences().get(i);
                SentenceAudio heard = new SentenceAudio();
                PcmSink sink = new PcmSink() {
                    @Override
                    public boolean accept(PcmChunk chunk) {
                        heard.add(chunk);
                        return offer(chunk);
                    }

                    @Override
                    public void words(List<WordMark> marks) {
                        heard.marks.addAll(marks);
                    }
                };
                long start = System.nanoTime();
                EngineScheduler.Job work = scheduler.submit(planned.voice().engine(),
                        () -> RequestScope.runWithin(scope, () -> synthesize(planned, planned.params(params), sink)),
                        listener);
                currentWork = work;
                awaitWork(work);
                int pause = planned.sentence().delivery().breakAfterMillis();
                if (pause > 0 && !cancelled) {
                    int rate = planned.voice().voice().info().sampleRate();
                    PcmChunk silence = PcmChunk.silence(pause / 1000.0, rate);
                    heard.add(silence); // the break belongs to this sentence's time: later sentences start after it
                    offer(silence);
                }
                listener.sentenceSynthesized(planned.voice().voice().info(), i, total, System.nanoTime() - start,
                        heard.seconds);
                if (cancelled) break;
                int rate = heard.rate > 0 ? heard.rate : planned.voice().voice().info().sampleRate();
                SentenceTiming timing = WordAligner.align(i, planned.sentence(), planned.voice().id(),
                        plan.request().input(), heard.marks, heard.voicedStart(), heard.voicedEnd, rate, offset);
                offset += heard.seconds;
                if (!offer(timing)) break;
            }
            completed = !cancelled;
            if (completed) offer(END);
        } catch (RuntimeException e) {
            if (!cancelled) {
                offer(e instanceof HlasException ? e
                        : new EngineFailure("synthesis failed", e));
            }
        } finally {
            admission.release();
            try {
                listener.streamEnded(plan, completed);
            } finally {
                // Last, so that no active streams means every listener has heard every end.
                scheduler.streamEnded();
            }
        }
    }

    /**
     * Synthesizes one planned sentence: whole, or its first clause and then the rest back to back on the same worker
     * (the clause streams while the rest is synthesized). Word marks of later pieces are moved to the sentence's
     * text and samples, so timings read as if the sentence had been one run.
     */
    private static void synthesize(PlannedSentence planned, SynthesisParams params, PcmSink sink) {
        boolean[] stopped = {false};
        long[] samples = {0};
        String whole = planned.utterance().text();
        int searchFrom = 0;
        for (Utterance u : planned.utterances()) {
            int found = whole.indexOf(u.text(), searchFrom);
            int textOffset = found < 0 ? searchFrom : found;
            searchFrom = textOffset + u.text().length();
            long sampleOffset = samples[0];
            PcmSink piece = new PcmSink() {
                @Override
                public boolean accept(PcmChunk chunk) {
                    samples[0] += chunk.samples().length;
                    if (sink.accept(chunk)) return true;
                    stopped[0] = true;
                    return false;
                }

                @Override
                public void words(List<WordMark> marks) {
                    if (textOffset == 0 && sampleOffset == 0) {
                        sink.words(marks);
                        return;
                    }
                    List<WordMark> moved = new ArrayList<>(marks.size());
                    for (WordMark m : marks) {
                        moved.add(new WordMark(m.start() + textOffset, m.end() + textOffset,
                                m.startSample() + sampleOffset, m.endSample() + sampleOffset, m.exact()));
                    }
                    sink.words(moved);
                }
            };
            planned.voice().voice().synthesize(u, params, piece);
            if (stopped[0]) return;
        }
    }

    private void awaitWork(EngineScheduler.Job work) {
        try {
            long left = deadlineNanos - System.nanoTime();
            work.future().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            cancelled = true;
            work.cancel(true);
            Thread.currentThread().interrupt();
        } catch (CancellationException e) {
            cancelled = true;
        } catch (TimeoutException e) {
            HlasException own = endedByItself(work);
            if (own != null) throw own;
            work.cancel(true);
            throw HlasException.unavailable("The request did not finish within its deadline of "
                    + scheduler.requestTimeout().toSeconds() + " s; the server is overloaded.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException && cancelled) return; // an engine call stopped by our cancel
            throw cause instanceof RuntimeException re ? re : new EngineFailure("synthesis failed", cause);
        }
    }

    /**
     * Past the deadline, gives the work a moment to end by itself: an engine that watches the deadline (the remote
     * engine) then fails with its own, more telling error (which upstreams failed and why), returned here.
     */
    private static HlasException endedByItself(EngineScheduler.Job work) {
        try {
            work.future().get(DEADLINE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException late) {
            return late.getCause() instanceof HlasException h ? h : null;
        } catch (InterruptedException late) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException | CancellationException late) {
            return null;
        }
    }

    /** Hands an item to the consumer; answers false (stop) once the stream is cancelled. */
    private boolean offer(Object item) {
        try {
            while (!cancelled) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The next chunk, waiting for it to be synthesized; {@code null} at the end of the audio. Sentence timings met on
     * the way are kept for {@link #timings()}.
     *
     * @throws EngineFailure when synthesis failed (no further chunks follow)
     * @throws ClientGone    when the stream was {@link #cancel}led, from any thread: a cancelled stream never looks
     *                       like a complete one
     */
    public PcmChunk next() throws InterruptedException {
        return next(() -> false, CANCEL_POLL_MILLIS);
    }

    /**
     * Like {@link #next()}, but while waiting asks {@code clientGone} every {@code pollMillis}; when it answers true
     * the stream is cancelled (its queue place and worker freed) and {@link ClientGone} is thrown.
     */
    public PcmChunk next(BooleanSupplier clientGone, long pollMillis) throws InterruptedException {
        while (true) {
            Object item = nextItem(clientGone, pollMillis);
            if (!(item instanceof SentenceTiming)) return (PcmChunk) item;
        }
    }

    /**
     * The next chunk or sentence timing, in the order they were made: a sentence's {@link SentenceTiming} follows
     * its last chunk. {@code null} at the end. Failures as for {@link #next(BooleanSupplier, long)}.
     */
    public Object nextItem(BooleanSupplier clientGone, long pollMillis) throws InterruptedException {
        if (finished) return null;
        while (true) {
            Object item = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
            if (cancelled) {
                finished = true;
                throw new ClientGone(); // cancelled from another thread: no further chunk, never a clean end
            }
            if (item != null) {
                Object out = unwrap(item);
                if (out instanceof SentenceTiming t) timings.add(t);
                return out;
            }
            if (clientGone.getAsBoolean()) {
                cancel();
                finished = true;
                throw new ClientGone();
            }
        }
    }

    /** The timings of the sentences whose audio has been handed out so far (every sentence after the end). */
    public List<SentenceTiming> timings() {
        return List.copyOf(timings);
    }

    private Object unwrap(Object item) {
        if (item == END) {
            finished = true;
            return null;
        }
        if (item instanceof RuntimeException e) {
            finished = true;
            throw e;
        }
        return item;
    }

    /** Stops synthesis: the engine stops before its next chunk and its worker is freed. */
    public void cancel() {
        cancelled = true;
        EngineScheduler.Job work = currentWork;
        if (work != null) work.cancel(false);
        producer.interrupt();
    }

    @Override
    public void close() {
        if (!finished) cancel();
    }

    /** What one sentence's audio looked like on its way through: rate, length, voiced bounds, engine marks. */
    private static final class SentenceAudio {
        /** Samples quieter than this are silence when timings are estimated from the audio. */
        private static final float FLOOR = 0.01f;
        final List<WordMark> marks = new ArrayList<>();
        double seconds;
        int rate;
        long samples;
        long voicedStart = -1;
        long voicedEnd;

        void add(PcmChunk chunk) {
            float[] s = chunk.samples();
            if (rate == 0) rate = chunk.sampleRate();
            for (int k = 0; k < s.length; k++) {
                if (Math.abs(s[k]) > FLOOR) {
                    if (voicedStart < 0) voicedStart = samples + k;
                    voicedEnd = samples + k + 1;
                }
            }
            samples += s.length;
            seconds += chunk.seconds();
        }

        long voicedStart() {
            return voicedStart < 0 ? 0 : voicedStart;
        }
    }
}
