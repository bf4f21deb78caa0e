package dev.hlas.engine.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upstream's body whose every read may wait at most a given time: a read that waits longer closes the body (the
 * only way to interrupt a blocked read of the JDK client), so the read ends in an error and {@link #stalled()} says why.
 */
final class StallGuard extends FilterInputStream {
    private final ScheduledExecutorService watchdog;
    private final long millis;
    private volatile boolean stalled;

    StallGuard(InputStream in, ScheduledExecutorService watchdog, long millis) {
        super(in);
        this.watchdog = watchdog;
        this.millis = Math.max(1, millis);
    }

    boolean stalled() {
        return stalled;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            stalled = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how the stalled read is ended; nothing else to do
            }
        }, millis, TimeUnit.MILLISECONDS);
        try {
            int n = super.read(b, off, len);
            if (stalled) throw new IOException("stalled");
            return n;
        } finally {
            guard.cancel(false);
        }
    }
}
