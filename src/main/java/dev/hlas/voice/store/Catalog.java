package dev.hlas.voice.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.error.StoreFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Voices that can be downloaded, pinned by size and digest.
 *
 * <p>The built-in catalog is a set of JSON resources in this package, one per engine family
 * ({@code catalog-piper.json}, {@code catalog-kokoro.json}, {@code catalog-supertonic.json}, {@code catalog-whisper.json}
 * for speech recognition; a missing one is skipped),
 * so each engine adds its voices without touching the others'. Format:
 * <pre>{@code
 * {"voices": [{"id": "cs_CZ-jirka-medium", "engine": "piper", "language": "cs_CZ", "quality": "medium",
 *   "speakers": 1, "licence": "CC0", "licence_note": "", "restricted": false,
 *   "base_url": "https://huggingface.co/rhasspy/piper-voices/resolve/main/",
 *   "files": [{"path": "cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx", "size": 63201294,
 *              "sha256": "…", "md5": "…", "optional": false}]}]}
 * }</pre>
 * An entry whose model holds many named voices adds {@code "voice_pattern"}, a regular expression of those names;
 * an entry that is pulled together with others lists their ids in {@code "with"}. An entry that is data rather than
 * a voice (misaki's dictionaries, pulled with Kokoro) says what it holds in {@code "description"}.
 */
public final class Catalog {
    /** Resource names of the built-in catalog parts, in listing order. */
    public static final List<String> BUILT_IN_PARTS = List.of("catalog-piper.json", "catalog-kokoro.json",
            "catalog-supertonic.json", "catalog-whisper.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CatalogEntry> entries;

    public Catalog(Collection<CatalogEntry> entries) {
        Map<String, CatalogEntry> map = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            if (map.putIfAbsent(e.id(), e) != null) throw new IllegalArgumentException("duplicate catalog id " + e.id());
        }
        this.entries = Collections.unmodifiableMap(map);
    }

    /** The catalog shipped in the jar. */
    public static Catalog builtIn() {
        List<CatalogEntry> all = new ArrayList<>();
        for (String part : BUILT_IN_PARTS) {
            try (InputStream in = Catalog.class.getResourceAsStream(part)) {
                if (in != null) all.addAll(parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in catalog " + part, e);
            }
        }
        return new Catalog(all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    /** Parses one catalog document. */
    public static List<CatalogEntry> parse(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<CatalogEntry> out = new ArrayList<>();
        for (JsonNode v : root.path("voices")) {
            List<CatalogFile> files = new ArrayList<>();
            for (JsonNode f : v.path("files")) {
                files.add(new CatalogFile(f.path("path").asText(), f.path("size").asLong(-1),
                        text(f, "sha256"), text(f, "md5"), f.path("optional").asBoolean(false), text(f, "target")));
            }
            out.add(new CatalogEntry(v.path("id").asText(), v.path("engine").asText(), text(v, "language"),
                    text(v, "quality"), v.path("speakers").asInt(1), v.path("licence").asText("unknown"),
                    v.path("licence_note").asText(""), v.path("restricted").asBoolean(false),
                    v.path("base_url").asText(), files,
                    text(v, "voice_pattern") == null ? null : Pattern.compile(text(v, "voice_pattern")),
                    strings(v.path("with")), text(v, "description")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * The catalog id that installs a requested voice: the id itself ({@code cs_CZ-jirka-medium}), the part before a
     * speaker or style suffix ({@code supertonic-3:F1} → {@code supertonic-3}), or the entry whose voice pattern
     * matches ({@code af_heart}, {@code af_bella(2)+af_sky(1)} → {@code kokoro}).
     */
    public Optional<String> installableAs(String requested) {
        String base = requested.contains(":") ? requested.substring(0, requested.indexOf(':')) : requested;
        if (entries.containsKey(base)) return Optional.of(base);
        return entries.values().stream().filter(e -> e.provides(requested)).map(CatalogEntry::id).findFirst();
    }

    /**
     * The entries a pull of {@code ids} installs, in order: each requested entry followed by the entries it is pulled
     * with ({@code kokoro} → {@code kokoro}, {@code misaki-en}), each once.
     *
     * @throws StoreFailure naming the known ids when one is not in the catalog
     */
    public List<CatalogEntry> pullSet(List<String> ids) {
        List<CatalogEntry> out = new ArrayList<>();
        for (String id : ids) {
            CatalogEntry entry = find(id).orElseThrow(() -> new StoreFailure("no voice '" + id
                    + "' in the catalog. Known: " + String.join(", ", entries.keySet()) + ". For other Piper "
                    + "voices, download the .onnx and .onnx.json yourself and run: hlas voices import <dir>"));
            if (!out.contains(entry)) out.add(entry);
            for (String companion : entry.with()) find(companion).filter(c -> !out.contains(c)).ifPresent(out::add);
        }
        return out;
    }

    /** The entries that pull {@code id} with them (Kokoro for {@code misaki-en}); empty for an entry pulled alone. */
    public List<CatalogEntry> pulledWith(String id) {
        return entries.values().stream().filter(e -> e.with().contains(id)).toList();
    }

    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** Entries spoken by one engine. */
    public List<CatalogEntry> forEngine(String engine) {
        return entries.values().stream().filter(e -> e.engine().equals(engine)).toList();
    }
}
