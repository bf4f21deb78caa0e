package dev.hlas.batch;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Reports a batch as it runs: on a terminal one line redrawn in place (rows done/total, audio seconds, ETA,
 * failures); elsewhere one plain log line per finished or failed row. Called from several workers at once.
 */
public abstract sealed class Progress {
    final PrintWriter out;
    int total;
    int done;
    int toRender;
    int rendered;
    int renderFailed;
    int failed;
    double audio;
    long started = System.nanoTime();

    Progress(PrintWriter out) {
        this.out = out;
    }

    /** A bar redrawn in place, for a terminal. */
    public static Progress bar(PrintWriter out) {
        return new Bar(out);
    }

    /** Plain log lines, for a pipe or a file. */
    public static Progress log(PrintWriter out) {
        return new Log(out);
    }

    /** Reports nothing. */
    public static Progress none() {
        return new Log(new PrintWriter(OutputStream.nullOutputStream()));
    }

    synchronized void start(int total, int toRender, int alreadyDone) {
        this.total = total;
        this.toRender = toRender;
        this.done = alreadyDone;
        started = System.nanoTime();
        started();
    }

    synchronized void rowDone(ManifestEntry entry) {
        done++;
        rendered++;
        if (entry.duration() != null) audio += entry.duration();
        finished(entry);
    }

    /** A row that failed; {@code rendering} when it failed while rendering (it counts toward the pace). */
    synchronized void rowFailed(BatchFailure failure, boolean rendering) {
        done++;
        failed++;
        if (rendering) renderFailed++;
        failedRow(failure);
    }

    synchronized void end() {
        ended();
        out.flush();
    }

    abstract void started();

    abstract void finished(ManifestEntry entry);

    abstract void failedRow(BatchFailure failure);

    abstract void ended();

    /** Seconds until the rows still to render are done, at the pace so far; -1 when there is no pace yet. */
    long etaSeconds() {
        int finished = rendered + renderFailed;
        if (finished == 0) return -1;
        double elapsed = (System.nanoTime() - started) / 1e9;
        return Math.round(elapsed / finished * Math.max(0, toRender - finished));
    }

    static String clock(long seconds) {
        if (seconds < 0) return "--:--";
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    String status() {
        return String.format(Locale.ROOT, "%d/%d rows  %.1f s audio  ETA %s  %d failed", done, total, audio,
                clock(etaSeconds()), failed);
    }

    static final class Bar extends Progress {
        private static final int WIDTH = 24;
        private long lastDraw;

        Bar(PrintWriter out) {
            super(out);
        }

        @Override
        void started() {
            draw(true);
        }

        @Override
        void finished(ManifestEntry entry) {
            draw(done == total);
        }

        @Override
        void failedRow(BatchFailure failure) {
            out.print("\r\033[K");
            out.println("failed: " + failure.describe());
            draw(true);
        }

        @Override
        void ended() {
            draw(true);
            out.println();
        }

        private void draw(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
            out.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + status());
            out.flush();
        }
    }

    static final class Log extends Progress {
        Log(PrintWriter out) {
            super(out);
        }

        @Override
        void started() {
            out.println("batch: " + total + " rows, " + toRender + " to render, " + done + " already done");
            out.flush();
        }

        @Override
        void finished(ManifestEntry entry) {
            out.println(String.format(Locale.ROOT, "ok     line %d  %s  %s  (%s)", entry.line(), entry.file(),
                    entry.duration() == null ? "?" : String.format(Locale.ROOT, "%.1f s", entry.duration()), status()));
            out.flush();
        }

        @Override
        void failedRow(BatchFailure failure) {
            out.println("failed " + failure.describe() + "  (" + status() + ")");
            out.flush();
        }

        @Override
        void ended() {
        }
    }
}
