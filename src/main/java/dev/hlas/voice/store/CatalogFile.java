package dev.hlas.voice.store;

/**
 * One file of a downloadable voice, pinned by content.
 *
 * @param path     path relative to the entry's base URL (e.g. {@code cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx});
 *                 the installed file is named after its last segment
 * @param size     exact size in bytes
 * @param sha256   lower-case hex SHA-256, or null when unknown
 * @param md5      lower-case hex MD5, or null when unknown
 * @param optional whether the voice works without it (e.g. a Piper MODEL_CARD): a failed optional file is skipped,
 *                 never installed unverified
 */
public record CatalogFile(String path, long size, String sha256, String md5, boolean optional) {
    public CatalogFile {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("bad catalog file path: " + path);
        }
        if (size < 0) throw new IllegalArgumentException("size must not be negative: " + path);
        if (sha256 == null && md5 == null && !optional) {
            throw new IllegalArgumentException("a required file needs a sha256 or md5 digest: " + path);
        }
    }

    /** Name of the installed file: the last segment of {@link #path}. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
