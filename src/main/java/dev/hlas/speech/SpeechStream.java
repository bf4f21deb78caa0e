package dev.hlas.speech;

import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;

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
            for (int i = 0; i < total && !cancelled; i++) {
                PlannedSentence planned = plan.sentences().get(i);
                double[] seconds = {0};
                PcmSink sink = chunk -> {
                    seconds[0] += chunk.seconds();
                    return offer(chunk);
                };
                long start = System.nanoTime();
                EngineScheduler.Job work = scheduler.submit(planned.voice().engine(),
                        () -> planned.voice().voice().synthesize(planned.utterance(), params, sink), listener);
                currentWork = work;
                awaitWork(work);
                listener.sentenceSynthesized(planned.voice().voice().info(), i, total, System.nanoTime() - start,
                        seconds[0]);
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
            work.cancel(true);
            throw HlasException.unavailable("The request did not finish within its deadline of "
                    + scheduler.requestTimeout().toSeconds() + " s; the server is overloaded.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException && cancelled) return; // an engine call stopped by our cancel
            throw cause instanceof RuntimeException re ? re : new EngineFailure("synthesis failed", cause);
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
     * The next chunk, waiting for it to be synthesized; {@code null} at the end of the audio.
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
        if (finished) return null;
        while (true) {
            Object item = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
            if (cancelled) {
                finished = true;
                throw new ClientGone(); // cancelled from another thread: no further chunk, never a clean end
            }
            if (item != null) return unwrap(item);
            if (clientGone.getAsBoolean()) {
                cancel();
                finished = true;
                throw new ClientGone();
            }
        }
    }

    private PcmChunk unwrap(Object item) {
        if (item == END) {
            finished = true;
            return null;
        }
        if (item instanceof RuntimeException e) {
            finished = true;
            throw e;
        }
        return (PcmChunk) item;
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
}
