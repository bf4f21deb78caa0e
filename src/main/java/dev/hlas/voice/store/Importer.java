package dev.hlas.voice.store;

import dev.hlas.error.StoreFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Installs voices from a directory (a USB stick, a copy of the hub) on machines without network access.
 *
 * <p>Files are found by name anywhere under the directory. A voice the catalog knows is verified exactly as a download
 * is (size, SHA-256, MD5) and refused on any mismatch. A Piper voice the catalog does not know ({@code X.onnx} next to
 * {@code X.onnx.json}) is installed as it is, with the licence from a {@code MODEL_CARD} beside it when there is one.
 */
public final class Importer {
    private static final Pattern LICENCE_LINE = Pattern.compile("(?m)^\\*\\s*Licen[cs]e:\\s*(.+)$");
    private static final int MAX_DEPTH = 8;

    private final Catalog catalog;
    private final VoiceStore store;

    public Importer(Catalog catalog, VoiceStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * What an import did.
     *
     * @param installed voices now installed
     * @param refused   one message per voice that was found but not installed
     */
    public record Result(List<InstalledVoice> installed, List<String> refused) {
    }

    /** Imports every voice found under {@code dir}. */
    public Result importFrom(Path dir) {
        if (!Files.isDirectory(dir)) throw new StoreFailure("not a directory: " + dir);
        Map<String, List<Path>> byName = new HashMap<>();
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            walk.filter(Files::isRegularFile).forEach(p -> byName.computeIfAbsent(p.getFileName().toString(),
                    k -> new ArrayList<>()).add(p));
        } catch (IOException e) {
            throw new StoreFailure("cannot read " + dir + ": " + e.getMessage(), e);
        }
        List<InstalledVoice> installed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries()) {
            boolean complete = entry.files().stream().filter(f -> !f.optional())
                    .allMatch(f -> byName.containsKey(f.baseName()));
            if (!complete) continue;
            entry.files().forEach(f -> claimed.add(f.baseName()));
            try {
                installed.add(importCatalogVoice(entry, byName));
            } catch (StoreFailure e) {
                refused.add(entry.id() + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, List<Path>> e : byName.entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(".onnx") || claimed.contains(name)) continue;
            Path model = e.getValue().getFirst();
            Path config = model.resolveSibling(name + ".json");
            if (!Files.isRegularFile(config)) continue;
            String id = name.substring(0, name.length() - ".onnx".length());
            try {
                installed.add(importLoosePiperVoice(id, model, config));
            } catch (StoreFailure ex) {
                refused.add(id + ": " + ex.getMessage());
            }
        }
        return new Result(installed, refused);
    }

    private InstalledVoice importCatalogVoice(CatalogEntry entry, Map<String, List<Path>> byName) {
        Path staging = store.newStaging(entry.id());
        boolean committed = false;
        try {
            List<InstalledVoice.InstalledFile> files = new ArrayList<>();
            for (CatalogFile file : entry.files()) {
                List<Path> candidates = byName.getOrDefault(file.baseName(), List.of());
                if (candidates.isEmpty()) continue; // optional and absent
                String mismatch = null;
                InstalledVoice.InstalledFile copied = null;
                for (Path candidate : candidates) {
                    Files.createDirectories(staging.resolve(file.fileName()).getParent());
                    Digests.Result r = copy(candidate, staging.resolve(file.fileName()));
                    mismatch = r.mismatch(file);
                    if (mismatch == null) {
                        copied = new InstalledVoice.InstalledFile(file.fileName(), r.size(), r.sha256());
                        break;
                    }
                    mismatch = candidate + ": " + mismatch;
                }
                if (copied != null) {
                    files.add(copied);
                } else if (file.optional()) {
                    Files.deleteIfExists(staging.resolve(file.fileName()));
                } else {
                    throw new StoreFailure("refusing " + mismatch + " (corrupt, truncated or a different "
                            + "version of the file)");
                }
            }
            InstalledVoice v = store.commit(staging, entry.id(), entry.engine(), entry.licence(),
                    "import:" + byName.get(entry.files().getFirst().baseName()).getFirst().getParent(), files);
            committed = true;
            return v;
        } catch (IOException e) {
            throw new StoreFailure("cannot import " + entry.id() + ": " + e.getMessage(), e);
        } finally {
            if (!committed) VoiceStore.deleteTree(staging);
        }
    }

    private InstalledVoice importLoosePiperVoice(String id, Path model, Path config) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) throw new StoreFailure("unusable voice id '" + id + "'");
        Path staging = store.newStaging(id);
        boolean committed = false;
        try {
            List<InstalledVoice.InstalledFile> files = new ArrayList<>();
            for (Path p : List.of(model, config)) {
                Digests.Result r = copy(p, staging.resolve(p.getFileName().toString()));
                files.add(new InstalledVoice.InstalledFile(p.getFileName().toString(), r.size(), r.sha256()));
            }
            Path card = model.resolveSibling("MODEL_CARD");
            String licence = "unknown (imported; see the voice's MODEL_CARD)";
            if (Files.isRegularFile(card)) {
                Digests.Result r = copy(card, staging.resolve("MODEL_CARD"));
                files.add(new InstalledVoice.InstalledFile("MODEL_CARD", r.size(), r.sha256()));
                licence = licenceFromModelCard(Files.readString(card)).orElse(licence);
            }
            InstalledVoice v = store.commit(staging, id, "piper", licence, "import:" + model.getParent(), files);
            committed = true;
            return v;
        } catch (IOException e) {
            throw new StoreFailure("cannot import " + id + ": " + e.getMessage(), e);
        } finally {
            if (!committed) VoiceStore.deleteTree(staging);
        }
    }

    /** The {@code * License: …} line of a Piper MODEL_CARD. */
    public static Optional<String> licenceFromModelCard(String card) {
        Matcher m = LICENCE_LINE.matcher(card);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static Digests.Result copy(Path from, Path to) throws IOException {
        Digests d = new Digests();
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        return d.finish();
    }
}
