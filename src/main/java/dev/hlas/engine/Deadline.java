package dev.hlas.engine;

/**
 * The deadline of the request a unit of engine work belongs to, for engines that wait on something outside the process
 * (the remote engine's upstreams) and must not start a wait they cannot finish in time. Whoever runs a request's
 * engine work binds its deadline around it ({@link #runWithin}); outside such work there is none.
 */
public final class Deadline {
    private static final ScopedValue<Long> CURRENT = ScopedValue.newInstance();

    private Deadline() {
    }

    /** Runs {@code work} with {@code deadlineNanos} (a {@link System#nanoTime()} value) as this thread's deadline. */
    public static void runWithin(long deadlineNanos, Runnable work) {
        ScopedValue.where(CURRENT, deadlineNanos).run(work);
    }

    /** Nanoseconds left before the current work's deadline ({@link Long#MAX_VALUE} when there is none; may be < 0). */
    public static long nanosLeft() {
        return CURRENT.isBound() ? CURRENT.get() - System.nanoTime() : Long.MAX_VALUE;
    }
}
