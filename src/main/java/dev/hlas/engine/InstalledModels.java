package dev.hlas.engine;

import java.util.List;

/**
 * What is installed, seen from the engines: the voice store implements it, so engines find their models without
 * knowing where or how they were installed, and a model installed while the server runs is seen on the next look.
 */
public interface InstalledModels {
    /** Exactly these models, never changing (an engine served from a directory, without a store). */
    static InstalledModels fixed(List<InstalledModel> models) {
        List<InstalledModel> copy = List.copyOf(models);
        return new InstalledModels() {
            @Override
            public List<InstalledModel> models(String engine) {
                return copy.stream().filter(m -> m.engine().equals(engine)).toList();
            }

            @Override
            public long stamp() {
                return 0;
            }
        };
    }

    /** The complete installs of one engine, sorted by id. Reads the disk: callers throttle with {@link #stamp}. */
    List<InstalledModel> models(String engine);

    /**
     * A value that changes whenever something is installed or removed (cheap: one file-system stat), so an engine
     * can skip re-reading installs while it stays the same.
     */
    long stamp();
}
