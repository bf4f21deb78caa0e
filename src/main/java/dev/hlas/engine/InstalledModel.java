package dev.hlas.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One installed model as an engine sees it: a directory of verified files. Engines never look for models on their
 * own; they ask {@link InstalledModels}.
 *
 * @param id          install id ({@code cs_CZ-jirka-medium}, {@code kokoro}, {@code supertonic-3})
 * @param engine      the engine id it belongs to
 * @param dir         the directory holding its files
 * @param licence     licence shown in voice listings
 * @param installedAt when it was installed; a reinstall changes it, which tells an engine to reload
 * @param files       the installed files, names relative to {@code dir}
 */
public record InstalledModel(String id, String engine, Path dir, String licence, Instant installedAt,
                             List<File> files) {
    public InstalledModel {
        files = List.copyOf(files);
    }

    /**
     * One installed file.
     *
     * @param name   path relative to the model's directory ({@code onnx/tts.json})
     * @param size   bytes, as verified at install time
     * @param sha256 lower-case hex SHA-256, as verified at install time
     */
    public record File(String name, long size, String sha256) {
    }

    /** The first file whose name ends with {@code suffix} (e.g. {@code .onnx}). */
    public Optional<Path> fileEndingWith(String suffix) {
        return files.stream().map(File::name).filter(n -> n.endsWith(suffix)).findFirst().map(dir::resolve);
    }
}
