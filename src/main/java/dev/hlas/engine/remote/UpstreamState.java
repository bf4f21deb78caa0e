package dev.hlas.engine.remote;

import dev.hlas.engine.BackendStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway knows about one upstream while it runs: its circuit breaker, its requests in flight, its health
 * probes and the voices its own listing named.
 *
 * <p>The breaker opens after {@code breakerFailures} failures in a row (attempts and probes alike): the upstream is
 * then tried after every healthy candidate, and probed every {@code breakerCooldown} until it answers, which closes it
 * again (as does any attempt that got audio). An open breaker never refuses a request on its own: when it is the only
 * candidate, the upstream is still tried.
 */
final class UpstreamState {
    private final Upstream upstream;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object places = new Object();
    private volatile long lastLatencyMillis = -1;
    private volatile long probeMillis = -1;
    private volatile String lastError;
    /** Voices the upstream's own {@code /v1/audio/voices} listed (name → languages), refreshed by each probe. */
    private volatile Map<String, List<String>> listed = Map.of();
    /** False once the upstream answered that it has no voice listing: not asked again. */
    private volatile boolean hasListing = true;
    private int inARow;
    private boolean open;
    private ScheduledFuture<?> nextProbe;

    UpstreamState(Upstream upstream) {
        this.upstream = upstream;
    }

    Upstream upstream() {
        return upstream;
    }

    /** Sets the next scheduled probe, cancelling one scheduled before (the schedule changed). */
    synchronized void nextProbe(ScheduledFuture<?> probe) {
        if (nextProbe != null) nextProbe.cancel(false);
        nextProbe = probe;
    }

    /** An attempt got audio, or a clean answer, after {@code millis}. */
    synchronized void succeeded(long millis) {
        requests.incrementAndGet();
        lastLatencyMillis = millis;
        inARow = 0;
        open = false;
    }

    /**
     * An attempt failed; {@code counted} when it was already counted as an attempt (it failed after its audio began).
     *
     * @return true when this failure opened the breaker
     */
    synchronized boolean failed(boolean counted, String why) {
        if (!counted) requests.incrementAndGet();
        failures.incrementAndGet();
        lastError = why;
        return failedInARow();
    }

    /**
     * A health probe ended after {@code millis}: {@code why} is null when it answered 2xx.
     *
     * @return true when this probe's failure opened the breaker
     */
    synchronized boolean probed(long millis, String why) {
        probes.incrementAndGet();
        probeMillis = millis;
        if (why == null) {
            inARow = 0;
            open = false;
            return false;
        }
        probeFailures.incrementAndGet();
        lastError = why;
        return failedInARow();
    }

    private boolean failedInARow() {
        inARow++;
        if (!open && inARow >= upstream.breakerFailures()) {
            open = true;
            return true;
        }
        return false;
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Takes a place for one request; false when {@code max_concurrent} requests are in flight already. */
    boolean tryEnter() {
        int max = upstream.maxConcurrent();
        while (true) {
            int now = inFlight.get();
            if (max > 0 && now >= max) return false;
            if (inFlight.compareAndSet(now, now + 1)) return true;
        }
    }

    /** Like {@link #tryEnter}, waiting up to {@code nanos} for a place to come free. */
    boolean enter(long nanos) {
        long until = System.nanoTime() + nanos;
        synchronized (places) {
            while (!tryEnter()) {
                long left = until - System.nanoTime();
                if (left <= 0) return false;
                try {
                    places.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Gives back the place {@link #tryEnter} took. */
    void leave() {
        inFlight.decrementAndGet();
        synchronized (places) {
            places.notifyAll();
        }
    }

    boolean full() {
        return upstream.maxConcurrent() > 0 && inFlight.get() >= upstream.maxConcurrent();
    }

    Map<String, List<String>> listed() {
        return listed;
    }

    void listed(Map<String, List<String>> voices) {
        this.listed = Map.copyOf(voices);
    }

    boolean hasListing() {
        return hasListing;
    }

    void noListing() {
        hasListing = false;
    }

    /** Whether this upstream serves {@code voice}: configured, or named by its own listing. */
    boolean serves(String voice) {
        return upstream.tts() && (upstream.serves(voice) || listed.containsKey(voice));
    }

    BackendStatus status() {
        return new BackendStatus(upstream.name(), isOpen() ? "open" : "closed", failures.get(), requests.get(),
                lastLatencyMillis, inFlight.get(), upstream.maxConcurrent(), probes.get(), probeFailures.get(),
                probeMillis, lastError);
    }
}
