package dev.hlas.testing;

import java.time.Duration;

/**
 * Waits for a state the server reaches on its own threads (a stream ended, a place freed, a gauge went back to 0).
 * Polls every few milliseconds; a condition that throws counts as "not yet" and its last exception is kept as the
 * failure's cause. Use it only to wait for something to happen, never to prove that something did not: for an
 * absence, wait for the signal that the work ended and then assert on what it recorded.
 */
public final class Await {
    /** Long enough for a loaded 2-core machine, short enough that a broken test fails within one coffee sip. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** A condition that may throw (an HTTP call, say). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code condition} holds; {@code what} names it in the failure. */
    public static void until(String what, Condition condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Waits up to {@code timeout} until {@code condition} holds; {@code what} names it in the failure. */
    public static void until(String what, Duration timeout, Condition condition) {
        long end = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) return;
                last = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not reached within " + timeout.toMillis() + " ms: " + what, last);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
