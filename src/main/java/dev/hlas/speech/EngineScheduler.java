package dev.hlas.speech;

import dev.hlas.engine.Cancellation;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.error.HlasException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs synthesis on bounded per-engine worker pools and decides, before any audio is produced, whether a request may
 * run at all.
 *
 * <p>Pools: engine work runs on platform threads (native inference would pin a virtual thread's carrier), as many per
 * engine as configured, else as many as the engine says it can use in parallel. Each pool takes work in arrival order
 * (FIFO); a stream submits one sentence at a time, so concurrent streams interleave sentence by sentence and a long
 * text never starves a short one.
 *
 * <p>Admission: a stream holds a place on every engine its plan uses from {@link #admit} until it ends (completed,
 * failed or cancelled — a disconnected client frees its place at once). An engine takes {@code workers + queueLimit}
 * streams; the next one is refused immediately with a 429 whose message says the state ("engine busy: espeak queue
 * 8/8, active 1") and whose {@code Retry-After} estimates when a place frees up.
 */
public final class EngineScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineScheduler.class);
    private final Map<String, Integer> workers;
    private final int queueLimit;
    private final Duration requestTimeout;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger activeStreams = new AtomicInteger();

    /**
     * @param workers        worker threads per engine id (others use {@link SpeechEngine#parallelism()})
     * @param queueLimit     streams that may wait per engine beyond the running ones
     * @param requestTimeout deadline of each stream from its admission
     */
    public EngineScheduler(Map<String, Integer> workers, int queueLimit, Duration requestTimeout) {
        this.workers = Map.copyOf(workers);
        this.queueLimit = queueLimit;
        this.requestTimeout = requestTimeout;
    }

    /** The deadline of a stream, counted from its admission. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Takes a place on every engine of the plan, or refuses the request without waiting.
     *
     * @throws HlasException 429 with {@code Retry-After} when an engine already has its running and waiting limit
     */
    Admission admit(SpeechPlan plan) {
        Set<SpeechEngine> engines = new LinkedHashSet<>();
        plan.sentences().forEach(s -> engines.add(s.voice().engine()));
        List<Lane> taken = new ArrayList<>(engines.size());
        for (SpeechEngine engine : engines) {
            Lane lane = lane(engine);
            if (!lane.tryAdmit()) {
                taken.forEach(Lane::release);
                lane.rejected.incrementAndGet();
                throw HlasException.busy("engine busy: " + lane.describe() + ". Retry later.", lane.retryAfterSeconds());
            }
            taken.add(lane);
        }
        return new Admission(List.copyOf(taken), System.nanoTime());
    }

    private Lane lane(SpeechEngine engine) {
        return lanes.computeIfAbsent(engine.id(),
                id -> new Lane(id, Math.max(1, workers.getOrDefault(id, engine.parallelism())), queueLimit));
    }

    /** Submits one unit of engine work to the engine's pool; the listener hears how long it waited. */
    Job submit(SpeechEngine engine, Runnable work, SynthesisListener listener) {
        Lane lane = lane(engine);
        Job job = new Job(lane, work, listener);
        lane.queuedJobs.incrementAndGet();
        job.future = lane.pool.submit(job);
        return job;
    }

    void streamStarted() {
        activeStreams.incrementAndGet();
    }

    void streamEnded() {
        activeStreams.decrementAndGet();
    }

    /** Streams currently producing audio (a disconnected client's stream must leave this count promptly). */
    public int activeStreams() {
        return activeStreams.get();
    }

    /** A snapshot of every engine's pool and queue, for metrics and health. */
    public Map<String, EngineLoad> load() {
        Map<String, EngineLoad> out = new LinkedHashMap<>();
        lanes.values().stream().sorted((a, b) -> a.engine.compareTo(b.engine)).forEach(l -> out.put(l.engine, l.snapshot()));
        return out;
    }

    /**
     * Stops every pool and waits (up to 30 s) for running sentences to return: engines must not be closed under a
     * running call — closing an ONNX session while it runs crashes the process. A cancelled sentence's inference is
     * terminated early, but it still has to unwind before its session may be closed, so the wait stays.
     */
    @Override
    public void close() {
        lanes.values().forEach(l -> l.pool.shutdownNow());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Lane lane : lanes.values()) {
            try {
                long left = end - System.nanoTime();
                if (left <= 0 || !lane.pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    log.warn("engine {} still synthesizing after 30 s at shutdown", lane.engine);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The state of one engine's pool.
     *
     * @param engine         engine id
     * @param workers        worker threads
     * @param queueLimit     streams that may wait beyond the running ones
     * @param admitted       streams holding a place (running or waiting)
     * @param runningJobs    sentences being synthesized now
     * @param queuedJobs     sentences waiting for a worker
     * @param rejected       requests refused since start
     */
    public record EngineLoad(String engine, int workers, int queueLimit, int admitted, int runningJobs, int queuedJobs,
                             long rejected) {
        /** Streams admitted but not running: the queue depth as clients see it. */
        public int waiting() {
            return Math.max(0, admitted - workers);
        }
    }

    /** The places a stream holds; released exactly once when the stream ends. */
    static final class Admission {
        private final List<Lane> lanes;
        private final long admittedNanos;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(List<Lane> lanes, long admittedNanos) {
            this.lanes = lanes;
            this.admittedNanos = admittedNanos;
        }

        long admittedNanos() {
            return admittedNanos;
        }

        void release() {
            if (!released.compareAndSet(false, true)) return;
            long held = System.nanoTime() - admittedNanos;
            for (Lane lane : lanes) {
                lane.recordDuration(held);
                lane.release();
            }
        }
    }

    /** One engine's pool, its admission count and its queue. */
    private static final class Lane {
        final String engine;
        final int workers;
        final int queueLimit;
        final ExecutorService pool;
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger queuedJobs = new AtomicInteger();
        final AtomicInteger runningJobs = new AtomicInteger();
        final AtomicLong rejected = new AtomicLong();
        /** Moving average of how long a stream holds its place, in nanoseconds (for Retry-After). */
        final AtomicLong averageHoldNanos = new AtomicLong(1_000_000_000L);

        Lane(String engine, int workers, int queueLimit) {
            this.engine = engine;
            this.workers = workers;
            this.queueLimit = queueLimit;
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "hlas-" + engine + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.pool = Executors.newFixedThreadPool(workers, factory);
        }

        boolean tryAdmit() {
            int capacity = workers + queueLimit;
            while (true) {
                int now = admitted.get();
                if (now >= capacity) return false;
                if (admitted.compareAndSet(now, now + 1)) return true;
            }
        }

        void release() {
            admitted.decrementAndGet();
        }

        void recordDuration(long nanos) {
            averageHoldNanos.updateAndGet(avg -> avg + (nanos - avg) / 8);
        }

        int retryAfterSeconds() {
            int ahead = Math.max(1, admitted.get() - workers + 1);
            double seconds = averageHoldNanos.get() / 1e9 * ahead / workers;
            return (int) Math.max(1, Math.min(60, Math.ceil(seconds)));
        }

        String describe() {
            int now = admitted.get();
            return engine + " queue " + Math.max(0, now - workers) + "/" + queueLimit + ", active "
                    + Math.min(now, workers) + "/" + workers;
        }

        EngineLoad snapshot() {
            return new EngineLoad(engine, workers, queueLimit, admitted.get(), runningJobs.get(), queuedJobs.get(),
                    rejected.get());
        }
    }

    /**
     * One sentence's work: counts itself out of the queue exactly once, whether it runs or is cancelled first. The
     * work runs within a {@link Cancellation} that {@link #cancel} fires, so an engine inside a long native call (an
     * ONNX inference) stops it instead of finishing the sentence.
     */
    static final class Job implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int GONE = 2;
        private final Lane lane;
        private final Runnable work;
        private final SynthesisListener listener;
        private final long submittedNanos = System.nanoTime();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final Cancellation cancellation = new Cancellation();
        private volatile Future<?> future;

        private Job(Lane lane, Runnable work, SynthesisListener listener) {
            this.lane = lane;
            this.work = work;
            this.listener = listener;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) return;
            lane.queuedJobs.decrementAndGet();
            listener.queueWaited(lane.engine, System.nanoTime() - submittedNanos);
            lane.runningJobs.incrementAndGet();
            try {
                Cancellation.runWithin(cancellation, work);
            } finally {
                lane.runningJobs.decrementAndGet();
            }
        }

        Future<?> future() {
            return future;
        }

        /**
         * Cancels the job; a job still waiting leaves the queue now, a running one is told to stop inside its engine
         * call. The future is cancelled first, so whatever the stopped engine call throws is never seen as its
         * result (a cancel, not an engine failure).
         */
        void cancel(boolean interrupt) {
            if (state.compareAndSet(QUEUED, GONE)) lane.queuedJobs.decrementAndGet();
            Future<?> f = future;
            if (f != null) f.cancel(interrupt);
            cancellation.cancel();
        }
    }
}
