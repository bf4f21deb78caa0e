package dev.hlas.engine.remote;

import dev.hlas.engine.BackendStatus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One upstream's circuit breaker. After {@code failuresToOpen} failures in a row it opens: the upstream is tried
 * after every healthy candidate, and a probe checks it every {@code cooldown} until it answers, which closes it again
 * (as does any successful request). An open breaker never refuses a request on its own: when it is the only
 * candidate, the upstream is still tried.
 */
final class Breaker {
    private final Upstream upstream;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile long lastLatencyMillis = -1;
    private int inARow;
    private boolean open;

    Breaker(Upstream upstream) {
        this.upstream = upstream;
    }

    /** A request (or probe) got audio, or a clean answer, after {@code millis}. */
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
    synchronized boolean failed(boolean counted) {
        if (!counted) requests.incrementAndGet();
        failures.incrementAndGet();
        inARow++;
        if (!open && inARow >= upstream.breakerFailures()) {
            open = true;
            return true;
        }
        return false;
    }

    /** A probe answered: the upstream is back. */
    synchronized void recovered() {
        inARow = 0;
        open = false;
    }

    synchronized boolean isOpen() {
        return open;
    }

    BackendStatus status() {
        return new BackendStatus(upstream.name(), isOpen() ? "open" : "closed", failures.get(), requests.get(),
                lastLatencyMillis);
    }
}
