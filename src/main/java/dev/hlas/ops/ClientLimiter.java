package dev.hlas.ops;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Caps concurrent speech requests per client (an API key's label, else the client address), so one client cannot
 * take every place in the engines' queues.
 *
 * <p>A place is a {@link Permit}. Each permit knows how to ask whether its request's connection is already closed.
 * When a client is at its limit, the limiter first asks that of the client's current permits and takes back those
 * whose client has hung up (running their {@linkplain Permit#onRevoke revoke hooks}, which end those requests),
 * and only then judges the new request. So a client that abandons a stream and at once starts the next one (a voice
 * agent interrupting itself) is never refused for places held by connections it has already closed.
 */
public final class ClientLimiter {
    private final int max;
    private final ConcurrentHashMap<String, Set<Permit>> held = new ConcurrentHashMap<>();

    /** @param max concurrent requests per client; 0 = unlimited */
    public ClientLimiter(int max) {
        if (max < 0) throw new IllegalArgumentException("max must not be negative: " + max);
        this.max = max;
    }

    public int max() {
        return max;
    }

    /**
     * Takes a place for {@code client}, first taking back places of that client whose connection is closed.
     *
     * @param connectionClosed whether this request's connection has been closed by its client (asked later, when
     *                         the same client is at its limit); must be cheap and must not block
     * @return the place, or empty when the client already has {@code max} live requests
     */
    public Optional<Permit> tryAcquire(String client, BooleanSupplier connectionClosed) {
        Permit permit = new Permit(client, connectionClosed);
        if (max == 0) return Optional.of(permit);
        List<Permit> revoked = new ArrayList<>();
        boolean[] admitted = {false};
        held.compute(client, (k, permits) -> {
            Set<Permit> set = permits == null ? ConcurrentHashMap.newKeySet() : permits;
            if (set.size() >= max) {
                for (Iterator<Permit> it = set.iterator(); it.hasNext(); ) {
                    Permit p = it.next();
                    if (p.probeClosed()) {
                        it.remove();
                        p.released.set(true);
                        revoked.add(p);
                    }
                }
            }
            if (set.size() < max) {
                set.add(permit);
                permit.tracked = true;
                admitted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        revoked.forEach(Permit::revoke); // outside the map's lock: hooks may take time
        return admitted[0] ? Optional.of(permit) : Optional.empty();
    }

    /** Places in use by {@code client}. */
    public int inUse(String client) {
        Set<Permit> set = held.get(client);
        return set == null ? 0 : set.size();
    }

    /** One request's place. Released once, by whichever comes first: {@link #release} or its revocation. */
    public final class Permit {
        private final String client;
        private final BooleanSupplier connectionClosed;
        private final AtomicBoolean released = new AtomicBoolean();
        private final List<Runnable> hooks = new ArrayList<>();
        private volatile boolean revoked;
        private volatile boolean tracked;

        private Permit(String client, BooleanSupplier connectionClosed) {
            this.client = client;
            this.connectionClosed = connectionClosed;
        }

        public String client() {
            return client;
        }

        /**
         * Adds something to do if this place is taken back because the client hung up (e.g. cancel the request's
         * synthesis). Runs at once when the place was already taken back. Each action runs at most once, on the
         * thread that took the place back; it must not block.
         */
        public void onRevoke(Runnable action) {
            synchronized (hooks) {
                if (!revoked) {
                    hooks.add(action);
                    return;
                }
            }
            action.run();
        }

        /** Whether the place was taken back because the request's client had hung up. */
        public boolean revoked() {
            return revoked;
        }

        /** Gives the place back; a second call, or a call after revocation, does nothing. */
        public void release() {
            if (!tracked || !released.compareAndSet(false, true)) return;
            held.computeIfPresent(client, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }

        private boolean probeClosed() {
            try {
                return connectionClosed.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }

        private void revoke() {
            List<Runnable> actions;
            synchronized (hooks) {
                revoked = true;
                actions = List.copyOf(hooks);
                hooks.clear();
            }
            actions.forEach(Runnable::run);
        }
    }
}
