package dev.hlas.text;

import dev.hlas.error.HlasException;
import dev.hlas.error.StoreFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lexicons of a server: one JSON file per lexicon under {@code HLAS_HOME/lexicons/} ({@code <name>.json}).
 * Writes are atomic (a temporary file moved into place). Every read checks the file's modification time, so an
 * edit through the API or by hand applies to the next request without a restart. Thread-safe.
 */
public final class LexiconStore {
    private static final Logger log = LoggerFactory.getLogger(LexiconStore.class);
    private static final String SUFFIX = ".json";
    private final Path dir;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(Lexicon lexicon, FileTime modified) {
    }

    public LexiconStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** The lexicon called {@code name}, as its file is now. */
    public Optional<Lexicon> get(String name) {
        if (!Lexicon.validName(name)) return Optional.empty();
        Path file = dir.resolve(name + SUFFIX);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Loaded cached = loaded.get(name);
            if (cached != null && cached.modified().equals(modified)) return Optional.of(cached.lexicon());
            Lexicon lexicon = LexiconJson.read(Files.readAllBytes(file), name);
            loaded.put(name, new Loaded(lexicon, modified));
            return Optional.of(lexicon);
        } catch (NoSuchFileException e) {
            loaded.remove(name);
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreFailure("cannot read lexicon " + name + ": " + e.getMessage(), e);
        } catch (HlasException e) {
            log.warn("lexicon file {} is broken and is ignored: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Every readable lexicon, by name. */
    public List<Lexicon> list() {
        List<Lexicon> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                get(file.substring(0, file.length() - SUFFIX.length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new StoreFailure("cannot list lexicons: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Lexicon::name));
        return out;
    }

    /** Creates or replaces a lexicon; answers whether it existed before. */
    public synchronized boolean put(Lexicon lexicon) {
        Path file = dir.resolve(lexicon.name() + SUFFIX);
        boolean existed = Files.exists(file);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + lexicon.name(), ".tmp");
            try {
                Files.write(tmp, LexiconJson.write(lexicon));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            loaded.put(lexicon.name(), new Loaded(lexicon, Files.getLastModifiedTime(file)));
        } catch (IOException e) {
            throw new StoreFailure("cannot write lexicon " + lexicon.name() + ": " + e.getMessage(), e);
        }
        return existed;
    }

    /** Deletes a lexicon; answers whether there was one. */
    public synchronized boolean delete(String name) {
        if (!Lexicon.validName(name)) return false;
        loaded.remove(name);
        try {
            return Files.deleteIfExists(dir.resolve(name + SUFFIX));
        } catch (IOException e) {
            throw new StoreFailure("cannot delete lexicon " + name + ": " + e.getMessage(), e);
        }
    }
}
