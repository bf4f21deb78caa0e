package dev.hlas.engine;

import java.util.List;

/**
 * One engine's installs, kept current cheaply: re-read from {@link InstalledModels} when the store's stamp changed,
 * and at least once a second while asked (in case the file system's timestamps are too coarse to show two changes
 * in a row). Between reads every call answers the same list instance, so an engine can tell "nothing changed" by
 * identity and keep what it derived from it (loaded models above all).
 */
public final class InstallWatch {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final InstalledModels models;
    private final String engine;
    private volatile Snapshot snapshot;

    private record Snapshot(long stamp, long readAt, List<InstalledModel> installs) {
    }

    /** Watches the installs of engine {@code engine}; nothing is read until asked. */
    public InstallWatch(InstalledModels models, String engine) {
        this.models = models;
        this.engine = engine;
    }

    /** The complete installs of this engine, sorted by id. */
    public List<InstalledModel> installs() {
        long stamp = models.stamp();
        Snapshot s = snapshot;
        if (fresh(s, stamp)) return s.installs();
        synchronized (this) {
            s = snapshot;
            if (fresh(s, stamp)) return s.installs();
            List<InstalledModel> read = List.copyOf(models.models(engine));
            if (s != null && s.installs().equals(read)) read = s.installs(); // unchanged: keep the identity
            snapshot = new Snapshot(stamp, System.nanoTime(), read);
            return read;
        }
    }

    private static boolean fresh(Snapshot s, long stamp) {
        return s != null && s.stamp() == stamp && System.nanoTime() - s.readAt() < MAX_AGE_NANOS;
    }
}
