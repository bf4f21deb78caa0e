package dev.hlas.voice.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A voice in the store, as its {@code installed.json} manifest describes it.
 *
 * @param id          voice id
 * @param engine      engine id
 * @param dir         the voice's directory ({@code HLAS_HOME/voices/<id>})
 * @param licence     licence text shown in listings
 * @param source      where it came from (a URL base, or {@code import:<dir>})
 * @param installedAt when it was installed
 * @param files       the installed files with their verified size and SHA-256
 */
public record InstalledVoice(String id, String engine, Path dir, String licence, String source, Instant installedAt,
                             List<InstalledFile> files) {
    public InstalledVoice {
        files = List.copyOf(files);
    }

    /**
     * One installed file.
     *
     * @param name   file name inside the voice directory
     * @param size   bytes
     * @param sha256 lower-case hex SHA-256 of the content
     */
    public record InstalledFile(String name, long size, String sha256) {
    }

    /** Path of an installed file. */
    public Path path(String name) {
        return dir.resolve(name);
    }

    /** The first installed file whose name ends with {@code suffix} (e.g. {@code .onnx}). */
    public Optional<Path> fileEndingWith(String suffix) {
        return files.stream().map(InstalledFile::name).filter(n -> n.endsWith(suffix)).findFirst().map(dir::resolve);
    }

    /** Total installed bytes. */
    public long size() {
        return files.stream().mapToLong(InstalledFile::size).sum();
    }
}
