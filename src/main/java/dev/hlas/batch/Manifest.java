package dev.hlas.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code manifest.json} in the output directory: what each finished row produced. It is rewritten (temporary file,
 * then an atomic move) after every finished row, so an interrupted batch leaves a manifest of what it completed.
 */
public final class Manifest {
    public static final String FILE = "manifest.json";
    private final Path path;
    private final Map<String, ManifestEntry> entries = new LinkedHashMap<>();

    private Manifest(Path path) {
        this.path = path;
    }

    /** The manifest in {@code dir}; empty when there is none or it cannot be read (every row then renders). */
    public static Manifest load(Path dir) {
        Manifest m = new Manifest(dir.resolve(FILE));
        try {
            JsonNode root = BatchInput.MAPPER.readTree(m.path.toFile());
            for (JsonNode row : root.path("rows")) {
                ManifestEntry e = new ManifestEntry(text(row, "id"), text(row, "file"), row.path("line").asInt(),
                        text(row, "voice"), text(row, "language"),
                        row.path("duration").isNumber() ? row.path("duration").asDouble() : null,
                        row.path("bytes").asLong(-1), text(row, "sha256"), row.path("characters").asInt(),
                        text(row, "request"));
                if (e.file() != null) m.entries.put(e.file(), e);
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            return m;
        } catch (IOException | RuntimeException e) {
            m.entries.clear();
        }
        return m;
    }

    private static String text(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public synchronized Optional<ManifestEntry> get(String file) {
        return Optional.ofNullable(entries.get(file));
    }

    public synchronized List<ManifestEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** Records a finished row and writes the manifest. */
    public synchronized void put(ManifestEntry entry) {
        entries.put(entry.file(), entry);
        write();
    }

    /** Keeps only the entries of {@code files} (the rows of the current batch file) and writes the manifest. */
    public synchronized void retain(Collection<String> files) {
        entries.keySet().retainAll(files);
        write();
    }

    /** Whether {@code entry}'s file exists in {@code dir} with the length and SHA-256 the entry records. */
    static boolean matches(Path dir, ManifestEntry entry) {
        Path file = dir.resolve(entry.file());
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != entry.bytes()) return false;
            return sha256(file).equals(entry.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write() {
        List<ManifestEntry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingInt(ManifestEntry::line).thenComparing(ManifestEntry::file));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", 1);
        ArrayNode rows = root.putArray("rows");
        for (ManifestEntry e : sorted) {
            ObjectNode row = rows.addObject();
            row.put("id", e.id());
            row.put("file", e.file());
            row.put("line", e.line());
            row.put("voice", e.voice());
            row.put("language", e.language());
            if (e.duration() == null) row.putNull("duration");
            else row.put("duration", Math.round(e.duration() * 1000) / 1000.0);
            row.put("bytes", e.bytes());
            row.put("sha256", e.sha256());
            row.put("characters", e.characters());
            row.put("request", e.request());
        }
        try {
            Path temp = Files.createTempFile(path.getParent(), "." + FILE, ".part");
            try {
                BatchInput.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), root);
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
