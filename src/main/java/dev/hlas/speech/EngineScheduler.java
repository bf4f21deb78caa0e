package dev.hlas.speech;

import dev.hlas.engine.SpeechEngine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs synthesis on bounded per-engine worker pools. Engine work runs on platform threads (native inference would
 * pin a virtual thread's carrier), as many per engine as the engine says it can use in parallel.
 */
public final class EngineScheduler implements AutoCloseable {
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    private final AtomicInteger activeStreams = new AtomicInteger();

    /** Submits one unit of engine work to the engine's pool. */
    Future<?> submit(SpeechEngine engine, Runnable work) {
        return pools.computeIfAbsent(engine.id(), id -> newPool(id, engine.parallelism())).submit(work);
    }

    private static ExecutorService newPool(String engineId, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "hlas-" + engineId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(Math.max(1, threads), factory);
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

    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
    }
}
