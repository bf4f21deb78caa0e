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
 */
public record BackendStatus(String name, String state, long failures, long requests, long lastLatencyMillis) {
}
