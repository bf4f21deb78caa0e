package dev.hlas.api.console;

import dev.hlas.error.HlasException;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.VoiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Voice downloads started from the console: one background job per voice id, run by the same {@link Downloader}
 * and {@link VoiceStore} as {@code hlas voices pull} (sizes and checksums verified, installed atomically), and
 * polled for progress. A voice that is already being pulled is not pulled twice.
 */
final class VoicePulls {
    private static final Logger log = LoggerFactory.getLogger(VoicePulls.class);
    private final Downloader downloader;
    private final VoiceStore store;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    VoicePulls(Downloader downloader, VoiceStore store) {
        this.downloader = downloader;
        this.store = store;
    }

    /** Starts pulling {@code voice} unless a pull of it is running; answers the (new or running) job. */
    Job start(CatalogEntry voice) {
        return jobs.compute(voice.id(), (id, old) -> {
            if (old != null && old.state().equals("running")) return old;
            Job job = new Job(voice);
            Thread.ofVirtual().name("hlas-pull-" + id).start(() -> job.run(downloader, store));
            return job;
        });
    }

    Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** One download: its state ({@code running}, {@code done}, {@code failed}) and bytes so far. */
    static final class Job implements Downloader.Listener {
        private final CatalogEntry voice;
        private final AtomicLong finishedFiles = new AtomicLong();
        private volatile long currentFile;
        private volatile String file;
        private volatile String state = "running";
        private volatile String error;

        Job(CatalogEntry voice) {
            this.voice = voice;
        }

        void run(Downloader downloader, VoiceStore store) {
            try {
                downloader.pull(voice, store, this);
                finishedFiles.addAndGet(currentFile);
                currentFile = 0;
                state = "done";
            } catch (HlasException | java.io.UncheckedIOException e) {
                log.warn("pulling {} failed: {}", voice.id(), e.getMessage());
                error = e.getMessage();
                state = "failed";
            } catch (RuntimeException e) {
                log.error("pulling {} failed", voice.id(), e);
                error = "internal error: " + e;
                state = "failed";
            }
        }

        String state() {
            return state;
        }

        @Override
        public void fileStarted(CatalogEntry entry, CatalogFile f, URI url) {
            finishedFiles.addAndGet(currentFile);
            currentFile = 0;
            file = f.fileName();
        }

        @Override
        public void progress(CatalogFile f, long bytes) {
            currentFile = bytes;
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object", "voice.pull");
            m.put("id", voice.id());
            m.put("state", state);
            long total = voice.totalSize();
            long done = Math.min(total, finishedFiles.get() + currentFile);
            m.put("bytes", state.equals("done") ? total : done);
            m.put("total_bytes", total);
            m.put("file", file);
            m.put("error", error);
            return m;
        }
    }
}
