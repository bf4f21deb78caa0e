package dev.hlas.engine.supertonic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code hlas voices pull supertonic-3} downloads: the pinned revision of the archive repository, the 16 runtime
 * files with their sizes and SHA-256 digests, and the licence to show and accept. The data is the resource
 * {@code supertonic-3.catalog.json} next to this class (values from the downloads spec and {@code voice-catalog.json});
 * the voice store consumes it, this class only reads and checks it.
 *
 * @param id          catalog id and directory name ({@code supertonic-3})
 * @param engine      engine id ({@code supertonic})
 * @param installDir  directory under HLAS_HOME the files go to, keeping their paths
 * @param licenceId   short licence id shown in voice lists ({@code OpenRAIL-M})
 * @param licenceNotice text to show before install (use-based restrictions)
 * @param requiresAcceptance whether the user must accept the licence before the download
 * @param repo        Hugging Face repository ({@code supertone-oss-archive/supertonic-3})
 * @param revision    40-hex commit every URL is pinned to
 * @param files       files to download, with their repository paths
 */
public record SupertonicCatalog(String id, String engine, String installDir, String licenceId, String licenceNotice,
                                boolean requiresAcceptance, String repo, String revision, List<CatalogFile> files) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** Name of the catalog resource, relative to this class. */
    public static final String RESOURCE = "supertonic-3.catalog.json";

    public SupertonicCatalog {
        files = List.copyOf(files);
        if (!COMMIT.matcher(revision).matches()) throw new IllegalArgumentException("revision must be a commit SHA");
        for (CatalogFile f : files) {
            if (!SHA256.matcher(f.sha256()).matches() || f.size() <= 0 || f.path().contains("..")) {
                throw new IllegalArgumentException("bad catalog file " + f);
            }
        }
    }

    /**
     * One file.
     *
     * @param path   path inside the repository and inside the install directory
     * @param size   bytes
     * @param sha256 lower-case hex SHA-256 of the content
     */
    public record CatalogFile(String path, long size, String sha256) {
    }

    /** The pinned download URL of a file. */
    public String url(CatalogFile file) {
        return "https://huggingface.co/" + repo + "/resolve/" + revision + "/" + file.path();
    }

    /** Sum of the file sizes. */
    public long totalSize() {
        return files.stream().mapToLong(CatalogFile::size).sum();
    }

    /** The built-in catalog entry for Supertonic 3. */
    public static SupertonicCatalog supertonic3() {
        try (InputStream in = SupertonicCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            JsonNode root = new ObjectMapper().readTree(in);
            List<CatalogFile> files = new ArrayList<>();
            for (JsonNode f : root.get("files")) {
                files.add(new CatalogFile(f.get("path").asText(), f.get("size").asLong(), f.get("sha256").asText()));
            }
            JsonNode licence = root.get("licence");
            JsonNode source = root.get("source");
            return new SupertonicCatalog(root.get("id").asText(), root.get("engine").asText(),
                    root.get("install_dir").asText(), licence.get("id").asText(), licence.get("notice").asText(),
                    licence.get("requires_acceptance").asBoolean(), source.get("repo").asText(),
                    source.get("revision").asText(), files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
