package dev.hlas.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.StringJoiner;

/** Identifies the files a model was loaded from, for cache keys: replaced files give a different version. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * A cheap version string of {@code files}: name, size and modification time of each (no hashing of hundreds of
     * MB on every request). Missing files are marked as such.
     */
    public static String version(Path... files) {
        StringJoiner v = new StringJoiner(";");
        for (Path f : files) {
            if (f == null) continue;
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                v.add(f.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                v.add(f.getFileName() + ":missing");
            }
        }
        return v.toString();
    }
}
