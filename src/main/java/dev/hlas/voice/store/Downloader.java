package dev.hlas.voice.store;

import dev.hlas.error.StoreFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads a catalog voice into the store, verified and atomically (see docs/VOICES.md): every file streams into a
 * staging directory while its SHA-256 and MD5 are computed; size and digests must equal the catalog's; only then is
 * the voice committed with one directory rename. Any failure (network, HTTP status, size, digest, disk) deletes the
 * staging directory, so an interrupted or tampered download leaves nothing behind and an older install untouched.
 *
 * <p>Mirrors: with a mirror base (e.g. {@code http://mirror.local:8080}, like {@code HF_ENDPOINT}) every URL keeps
 * its path and swaps scheme, host and port for the mirror's (a mirror path prefix is kept in front). The files are
 * verified against the same pinned digests, so a mirror cannot substitute content.
 */
public final class Downloader {
    private static final int BUFFER = 1 << 16;

    private final HttpClient http;
    private final URI mirror;

    /**
     * @param mirror base URL replacing the catalog URLs' origin, or null to use the catalog's URLs
     */
    public Downloader(URI mirror) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), mirror);
    }

    public Downloader(HttpClient http, URI mirror) {
        this.http = http;
        this.mirror = mirror;
    }

    /** Progress callbacks; all default to doing nothing. */
    public interface Listener {
        default void fileStarted(CatalogEntry voice, CatalogFile file, URI url) {
        }

        default void progress(CatalogFile file, long bytes) {
        }

        default void fileSkipped(CatalogFile file, String reason) {
        }

        Listener NONE = new Listener() {
        };
    }

    /** The URL a catalog file is fetched from, after the mirror is applied. */
    public URI resolve(URI url) {
        if (mirror == null) return url;
        String base = mirror.toString().replaceAll("/+$", "");
        return URI.create(base + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /**
     * Downloads, verifies and installs a voice.
     *
     * @throws StoreFailure with the reason when anything fails; nothing is installed then
     */
    public InstalledVoice pull(CatalogEntry voice, VoiceStore store, Listener listener) {
        checkFreeSpace(voice, store);
        Path staging = store.newStaging(voice.id());
        boolean committed = false;
        try {
            List<InstalledVoice.InstalledFile> files = new ArrayList<>();
            for (CatalogFile file : voice.files()) {
                URI url = resolve(voice.url(file));
                listener.fileStarted(voice, file, url);
                try {
                    Path local = staging.resolve(file.fileName());
                    Files.createDirectories(local.getParent());
                    files.add(fetch(url, file, local, listener));
                } catch (StoreFailure e) {
                    if (!file.optional()) throw e;
                    Files.deleteIfExists(staging.resolve(file.fileName()));
                    listener.fileSkipped(file, e.getMessage());
                }
            }
            InstalledVoice installed = store.commit(staging, voice.id(), voice.engine(), voice.licence(),
                    resolve(URI.create(voice.baseUrl())).toString(), files);
            committed = true;
            return installed;
        } catch (IOException e) {
            throw new StoreFailure("cannot write voice " + voice.id() + " to " + staging + ": " + e.getMessage(), e);
        } finally {
            if (!committed) VoiceStore.deleteTree(staging);
        }
    }

    private InstalledVoice.InstalledFile fetch(URI url, CatalogFile file, Path target, Listener listener) {
        HttpRequest request = HttpRequest.newBuilder(url).header("Accept-Encoding", "identity")
                .header("User-Agent", "hlas").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StoreFailure("cannot download " + url + ": " + describe(e)
                    + ". Check the network, or use --mirror / 'hlas voices import <dir>'.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreFailure("download of " + url + " was interrupted", e);
        }
        Digests digests = new Digests();
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new StoreFailure("cannot download " + url + ": HTTP " + response.statusCode());
            }
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    digests.update(buf, 0, n);
                    if (digests.size() > file.size()) {
                        throw new StoreFailure("refusing " + url + ": more than the expected " + file.size()
                                + " bytes");
                    }
                    out.write(buf, 0, n);
                    listener.progress(file, digests.size());
                }
            }
        } catch (IOException e) {
            throw new StoreFailure("download of " + url + " failed after " + digests.size() + " of "
                    + file.size() + " bytes: " + describe(e), e);
        }
        Digests.Result result = digests.finish();
        String mismatch = result.mismatch(file);
        if (mismatch != null) {
            throw new StoreFailure("refusing " + file.fileName() + " from " + url + ": " + mismatch
                    + " (truncated, corrupt or tampered file)");
        }
        return new InstalledVoice.InstalledFile(file.fileName(), result.size(), result.sha256());
    }

    private static void checkFreeSpace(CatalogEntry voice, VoiceStore store) {
        try {
            Path existing = store.root();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing == null) return;
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < voice.totalSize() + (1 << 20)) {
                throw new StoreFailure("not enough disk space for " + voice.id() + ": needs "
                        + voice.totalSize() + " bytes, " + free + " free under " + existing);
            }
        } catch (IOException e) {
            // cannot tell: try anyway, a full disk fails the write and cleans up
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
