package dev.hlas.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent speech requests per client (an API key's label, else the client address), so one client cannot
 * take every place in the engines' queues.
 */
public final class ClientLimiter {
    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> inUse = new ConcurrentHashMap<>();

    /** @param max concurrent requests per client; 0 = unlimited */
    public ClientLimiter(int max) {
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** Takes a place for {@code client}; answers false when it already has {@code max}. */
    public boolean tryAcquire(String client) {
        if (max == 0) return true;
        boolean[] ok = {false};
        inUse.compute(client, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < max) {
                count.incrementAndGet();
                ok[0] = true;
            }
            return count;
        });
        return ok[0];
    }

    /** Gives back a place taken by {@link #tryAcquire}. */
    public void release(String client) {
        if (max == 0) return;
        inUse.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Places in use by {@code client}. */
    public int inUse(String client) {
        AtomicInteger n = inUse.get(client);
        return n == null ? 0 : n.get();
    }
}
