package dev.hlas.engine;

/**
 * The state of a server an engine speaks through (an upstream of the remote engine), for {@code /ready} and
 * {@code /metrics}. Never carries an address or a key.
 *
 * @param name              the backend's configured name
 * @param state             {@code closed} (in use), {@code open} (failing: tried last, probed until it answers)
 * @param failures          failed attempts since start
 * @param requests          attempts since start
 * @param lastLatencyMillis time to the first audio byte of its last successful attempt, or -1
 * @param inFlight          requests to it running now
 * @param maxConcurrent     its limit of requests in flight, 0 for none
 * @param probes            health probes since start
 * @param probeFailures     health probes that failed
 * @param probeMillis       how long its last health probe took, or -1 before the first
 * @param lastError         what went wrong last (an attempt or a probe), by the backend's name only; null if nothing
 */
public record BackendStatus(String name, String state, long failures, long requests, long lastLatencyMillis,
                            int inFlight, int maxConcurrent, long probes, long probeFailures, long probeMillis,
                            String lastError) {
    /** A backend nothing is known about yet. */
    public static BackendStatus unknown(String name) {
        return new BackendStatus(name, "closed", 0, 0, -1, 0, 0, 0, 0, -1, null);
    }
}
