package dev.hlas.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What engine work knows about the request it belongs to, for engines that wait on something outside the process (the
 * remote engine's upstreams): the request's deadline, so no wait starts that cannot finish in time, and what already
 * failed for this request, so its later sentences do not pay for the same dead server again. Whoever runs a request's
 * engine work binds its scope around it ({@link #runWithin}); outside such work {@link #current()} is a scope with no
 * deadline that remembers nothing.
 */
public final class RequestScope {
    private static final ScopedValue<RequestScope> CURRENT = ScopedValue.newInstance();
    private static final RequestScope NONE = new RequestScope(0, false);

    private final long deadlineNanos;
    private final boolean bounded;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    private RequestScope(long deadlineNanos, boolean bounded) {
        this.deadlineNanos = deadlineNanos;
        this.bounded = bounded;
    }

    /** The scope of a request whose deadline is {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    public static RequestScope until(long deadlineNanos) {
        return new RequestScope(deadlineNanos, true);
    }

    /** Runs {@code work} with {@code scope} as the {@link #current()} one of this thread. */
    public static void runWithin(RequestScope scope, Runnable work) {
        ScopedValue.where(CURRENT, scope).run(work);
    }

    /** The scope of the request this thread works for; one without deadline or memory outside request work. */
    public static RequestScope current() {
        return CURRENT.orElse(NONE);
    }

    /** Nanoseconds left before the deadline ({@link Long#MAX_VALUE} when there is none; may be negative). */
    public long nanosLeft() {
        return bounded ? deadlineNanos - System.nanoTime() : Long.MAX_VALUE;
    }

    /** Remembers that {@code what} (e.g. {@code upstream:gpu}) failed for this request. */
    public void markFailed(String what) {
        if (this != NONE) failed.add(what);
    }

    /** Whether {@code what} failed earlier in this request. */
    public boolean failed(String what) {
        return failed.contains(what);
    }
}
