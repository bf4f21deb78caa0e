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
 * @param target   where the file goes inside the voice's directory (e.g. {@code onnx/tts.json} for engines that
 *                 read a repository layout), or null for the last segment of {@code path}
 */
public record CatalogFile(String path, long size, String sha256, String md5, boolean optional, String target) {
    public CatalogFile {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("bad catalog file path: " + path);
        }
        if (target != null && (target.isBlank() || target.startsWith("/") || target.contains("..")
                || target.contains("\\"))) {
            throw new IllegalArgumentException("bad catalog file target: " + target);
        }
        if (size < 0) throw new IllegalArgumentException("size must not be negative: " + path);
        if (sha256 == null && md5 == null && !optional) {
            throw new IllegalArgumentException("a required file needs a sha256 or md5 digest: " + path);
        }
    }

    /** A file installed under the last segment of its path. */
    public CatalogFile(String path, long size, String sha256, String md5, boolean optional) {
        this(path, size, sha256, md5, optional, null);
    }

    /** Where the installed file lives, relative to the voice's directory: {@link #target}, else the last segment. */
    public String fileName() {
        if (target != null) return target;
        return baseName(path);
    }

    /** The last segment of the installed name ({@code tts.json} for {@code onnx/tts.json}). */
    public String baseName() {
        return baseName(fileName());
    }

    private static String baseName(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }
}
