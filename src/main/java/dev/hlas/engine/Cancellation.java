package dev.hlas.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The cancel signal of one unit of engine work, for code that cannot ask the {@link PcmSink} because it is inside a
 * long native call (an ONNX Runtime inference of one sentence). Whoever runs engine work binds a cancellation around
 * it ({@link #runWithin}); code deep in an engine asks for the {@link #current()} one and registers, for the length of
 * its call, an action that makes the call return early ({@link #onCancel}). A sink answering {@code false} remains the
 * way to stop between chunks; this is the way to stop inside one.
 *
 * <p>Outside any bound work (a warm-up at load, a CLI tool) {@link #current()} is a cancellation that never fires.
 *
 * <p>Thread-safe. An action runs at most once, on the cancelling thread, and never after its registration was closed:
 * closing waits for an action running at that moment, so the action may touch native state the caller frees right
 * after closing.
 */
public final class Cancellation {
    private static final ScopedValue<Cancellation> CURRENT = ScopedValue.newInstance();
    private static final Cancellation NEVER = new Cancellation();

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** A cancellation that has not fired. */
    public Cancellation() {
    }

    /** Runs {@code work} with {@code cancellation} as the {@link #current()} one of this thread. */
    public static void runWithin(Cancellation cancellation, Runnable work) {
        ScopedValue.where(CURRENT, cancellation).run(work);
    }

    /** The cancellation of the engine work this thread runs; one that never fires outside such work. */
    public static Cancellation current() {
        return CURRENT.orElse(NEVER);
    }

    /** Cancels: runs every registered action once; later registrations run theirs at once. */
    public void cancel() {
        if (this == NEVER) return;
        synchronized (actions) {
            if (cancelled) return;
            cancelled = true;
            for (Runnable action : actions) runQuietly(action);
            actions.clear();
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        synchronized (actions) {
            return cancelled;
        }
    }

    /**
     * Registers {@code action} to run when this work is cancelled, until the returned registration is closed. When
     * the work is already cancelled the action runs now.
     */
    public Registration onCancel(Runnable action) {
        if (this == NEVER) return () -> { };
        synchronized (actions) {
            if (cancelled) {
                runQuietly(action);
                return () -> { };
            }
            actions.add(action);
        }
        return () -> {
            synchronized (actions) {
                actions.remove(action);
            }
        };
    }

    /**
     * The exception an engine throws when its work stopped because it was cancelled: the caller reports it as a
     * cancel, never as an engine failure.
     */
    public static CancellationException stopped(String what) {
        return new CancellationException(what + " was cancelled");
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // a cancel action is best effort: the work still stops at its next check
        }
    }

    /** An action's registration; closing it means the action will not run (and is not running). */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
