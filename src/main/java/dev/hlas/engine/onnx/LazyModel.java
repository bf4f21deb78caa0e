package dev.hlas.engine.onnx;

import dev.hlas.error.EngineFailure;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A model that is loaded on first use and closed once. Loading runs under a lock that only loaders take:
 * {@link #close} never waits for a load in progress; the loader notices the close when it finishes, closes what it
 * loaded and fails. A process that never uses the model never loads it.
 *
 * @param <M> the loaded model
 */
public final class LazyModel<M extends AutoCloseable> {
    private final Supplier<M> loader;
    private final String what;
    private final Object loadLock = new Object();
    private final AtomicReference<M> model = new AtomicReference<>();
    private volatile boolean closed;

    /** @param what names the model in the error a closed model gives */
    public LazyModel(String what, Supplier<M> loader) {
        this.what = what;
        this.loader = loader;
    }

    /**
     * The model, loading it if no one has yet.
     *
     * @throws EngineFailure when the model was closed (the engine shut down)
     */
    public M get() {
        M m = model.get();
        if (m != null) return m;
        synchronized (loadLock) {
            if (closed) throw new EngineFailure(what + " is closed");
            m = model.get();
            if (m != null) return m;
            m = loader.get();
            model.set(m);
            if (closed) {
                M mine = model.getAndSet(null);
                if (mine != null) closeQuietly(mine);
                throw new EngineFailure(what + " was closed while it loaded");
            }
            return m;
        }
    }

    /** Whether the model is loaded now. */
    public boolean loaded() {
        return model.get() != null;
    }

    /** Closes the model if it is loaded, without waiting for a load in progress; later {@link #get}s fail. */
    public void close() {
        closed = true;
        M m = model.getAndSet(null);
        if (m != null) closeQuietly(m);
    }

    private static void closeQuietly(AutoCloseable m) {
        try {
            m.close();
        } catch (Exception ignored) {
            // closing on shutdown: nothing more to do
        }
    }
}
