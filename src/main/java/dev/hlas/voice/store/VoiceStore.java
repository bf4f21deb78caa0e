package dev.hlas.voice.store;

import dev.hlas.engine.InstalledModel;
import dev.hlas.engine.InstalledModels;
import dev.hlas.error.StoreFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installed voices under {@code <home>/voices/}: one directory per voice holding its files and an
 * {@code installed.json} manifest. A directory without a manifest is not a voice (a manifest is written last, in a
 * staging directory that is then moved into place atomically), so an interrupted install never shows up.
 *
 * <p>Layout: {@code voices/<id>/installed.json}, {@code voices/<id>/<files>}, {@code voices/.staging/} for installs
 * in progress (same file system, so the final move is a rename).
 *
 * <p>Engines see the store as {@link InstalledModels}: every engine finds its models here, so a voice installed
 * while the server runs is picked up without a restart.
 *
 * <p>Thread-safety: reads are safe at any time; concurrent installs of the same id are last-wins.
 */
public final class VoiceStore implements InstalledModels {
    public static final String MANIFEST = "installed.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    /** A store rooted at {@code <home>/voices}; nothing is created until something is installed. */
    public VoiceStore(Path home) {
        this.root = home.resolve("voices");
    }

    public Path root() {
        return root;
    }

    /** Every installed voice, sorted by id. Broken manifests are skipped. */
    public List<InstalledVoice> installed() {
        if (!Files.isDirectory(root)) return List.of();
        List<InstalledVoice> voices = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(MANIFEST))) readManifest(dir).ifPresent(voices::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        voices.sort(Comparator.comparing(InstalledVoice::id));
        return voices;
    }

    /** Installed voices of one engine. */
    public List<InstalledVoice> installed(String engine) {
        return installed().stream().filter(v -> v.engine().equals(engine)).toList();
    }

    @Override
    public List<InstalledModel> models(String engine) {
        return installed(engine).stream().map(VoiceStore::model).toList();
    }

    private static InstalledModel model(InstalledVoice v) {
        return new InstalledModel(v.id(), v.engine(), v.dir(), v.licence(), v.installedAt(),
                v.files().stream().map(f -> new InstalledModel.File(f.name(), f.size(), f.sha256())).toList());
    }

    /** Modification time of the store's directory: every install and removal renames an entry in it. */
    @Override
    public long stamp() {
        try {
            return Files.getLastModifiedTime(root).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return -1;
        }
    }

    public Optional<InstalledVoice> find(String id) {
        Path dir = root.resolve(id);
        if (!dir.normalize().startsWith(root) || !Files.isRegularFile(dir.resolve(MANIFEST))) return Optional.empty();
        return readManifest(dir);
    }

    private static Optional<InstalledVoice> readManifest(Path dir) {
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST).toFile());
            List<InstalledVoice.InstalledFile> files = new ArrayList<>();
            for (JsonNode f : m.path("files")) {
                files.add(new InstalledVoice.InstalledFile(f.path("name").asText(), f.path("size").asLong(),
                        f.path("sha256").asText()));
            }
            return Optional.of(new InstalledVoice(m.path("id").asText(dir.getFileName().toString()),
                    m.path("engine").asText(), dir, m.path("licence").asText("unknown"), m.path("source").asText(""),
                    Instant.parse(m.path("installed_at").asText(Instant.EPOCH.toString())), files));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A fresh, empty staging directory for installing {@code id}, on the store's file system. */
    public Path newStaging(String id) {
        try {
            Path staging = root.resolve(".staging");
            Files.createDirectories(staging);
            return Files.createTempDirectory(staging, id + "-");
        } catch (IOException e) {
            throw new StoreFailure("cannot create a staging directory under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Installs a fully verified staging directory as voice {@code id}: writes the manifest, syncs, then renames the
     * directory into place. An older install of the same id is replaced only once the new one is complete.
     *
     * @param files the files in {@code staging} with verified sizes and digests
     */
    public InstalledVoice commit(Path staging, String id, String engine, String licence, String source,
                                 List<InstalledVoice.InstalledFile> files) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("engine", engine);
        m.put("licence", licence);
        m.put("source", source);
        m.put("installed_at", Instant.now().toString());
        ArrayNode list = m.putArray("files");
        for (InstalledVoice.InstalledFile f : files) {
            list.addObject().put("name", f.name()).put("size", f.size()).put("sha256", f.sha256());
        }
        Path target = root.resolve(id);
        Path old = null;
        try {
            for (InstalledVoice.InstalledFile f : files) sync(staging.resolve(f.name()));
            Files.write(staging.resolve(MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
            sync(staging.resolve(MANIFEST));
            if (Files.exists(target)) {
                old = staging.resolveSibling(staging.getFileName() + ".old");
                move(target, old);
            }
            move(staging, target);
        } catch (IOException e) {
            if (old != null && !Files.exists(target)) {
                try {
                    move(old, target);
                    old = null;
                } catch (IOException ignored) {
                    // the old voice stays in the staging area; reported below
                }
            }
            deleteTree(staging);
            throw new StoreFailure("cannot install voice " + id + " into " + target + ": " + e.getMessage(), e);
        }
        if (old != null) deleteTree(old);
        return readManifest(target).orElseThrow(() -> new StoreFailure("manifest of " + id + " unreadable"));
    }

    /** Removes an installed voice; answers whether it was there. */
    public boolean remove(String id) {
        Optional<InstalledVoice> voice = find(id);
        if (voice.isEmpty()) return false;
        Path trash = newStaging(id + "-removed");
        try {
            Files.delete(trash);
            move(voice.get().dir(), trash);
        } catch (IOException e) {
            throw new StoreFailure("cannot remove voice " + id + ": " + e.getMessage(), e);
        }
        deleteTree(trash);
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Deletes a directory tree, best effort (used on failure paths). */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
