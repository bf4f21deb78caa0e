package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Kokoro files as data, for the voice store's {@code hlas voices pull kokoro} / {@code import}: where each
 * file comes from, its size and sha256, and where it goes under {@link KokoroInstall#DIRECTORY}. Read from the
 * bundled {@code kokoro-catalog.json} (values from the downloads spec §2).
 *
 * @param id             package id ({@code kokoro})
 * @param installDir     directory under HLAS_HOME
 * @param licence        licence of the weights
 * @param defaultVariant variant pulled when none is named ({@code fp32}: int8 is slower on CPU)
 * @param variants       model + voices pack per precision
 * @param voiceFiles     single-voice files by voice name (pinned Hugging Face revision)
 * @param hfModel        the fp32 model from the same pinned Hugging Face revision, to pair with single voices
 */
public record KokoroCatalog(String id, String installDir, String licence, String defaultVariant,
                            List<Variant> variants, Map<String, CatalogFile> voiceFiles, CatalogFile hfModel) {
    public static final String RESOURCE = "kokoro-catalog.json";

    public KokoroCatalog {
        variants = List.copyOf(variants);
        voiceFiles = Map.copyOf(voiceFiles);
    }

    /**
     * One downloadable file.
     *
     * @param path   where it goes, relative to the install directory
     * @param url    where it comes from
     * @param size   bytes
     * @param sha256 lower-case hex digest
     * @param role   {@code model} or {@code voices}
     */
    public record CatalogFile(String path, String url, long size, String sha256, String role) {
        public CatalogFile {
            if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("bad sha256 for " + path);
            if (size <= 0) throw new IllegalArgumentException("bad size for " + path);
        }
    }

    /**
     * A complete install: one model and the voices pack.
     *
     * @param name        {@code fp32}, {@code fp16}, {@code int8}
     * @param description what it is
     * @param files       files to fetch
     */
    public record Variant(String name, String description, List<CatalogFile> files) {
        public Variant {
            files = List.copyOf(files);
        }

        /** Total download size in bytes. */
        public long size() {
            return files.stream().mapToLong(CatalogFile::size).sum();
        }
    }

    /** The variant with this name. */
    public Optional<Variant> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The default variant. */
    public Variant defaults() {
        return variant(defaultVariant).orElseThrow();
    }

    /** The bundled catalog. */
    public static KokoroCatalog load() {
        try (InputStream in = KokoroCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static KokoroCatalog parse(JsonNode root) {
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : root.get("variants")) {
            List<CatalogFile> files = new ArrayList<>();
            for (JsonNode f : v.get("files")) files.add(file(f));
            variants.add(new Variant(v.get("name").asText(), v.get("description").asText(), files));
        }
        JsonNode perVoice = root.get("per_voice");
        Map<String, CatalogFile> voices = new LinkedHashMap<>();
        perVoice.get("sha256").properties().forEach(e -> voices.put(e.getKey(), new CatalogFile(
                perVoice.get("path_template").asText().replace("{name}", e.getKey()),
                perVoice.get("url_template").asText().replace("{name}", e.getKey()),
                perVoice.get("size").asLong(), e.getValue().asText(), "voice")));
        return new KokoroCatalog(root.get("id").asText(), root.get("install_dir").asText(),
                root.get("licence").asText(), root.get("default_variant").asText(), variants, voices,
                file(root.get("hf_model")));
    }

    private static CatalogFile file(JsonNode f) {
        return new CatalogFile(f.get("path").asText(), f.get("url").asText(), f.get("size").asLong(),
                f.get("sha256").asText(), f.get("role").asText());
    }
}
