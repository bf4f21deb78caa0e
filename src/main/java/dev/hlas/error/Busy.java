package dev.hlas.error;

/**
 * Admission refused the request without waiting: an engine's running and waiting places are taken, or the client
 * already has its share of concurrent streams. Nothing was synthesized for it.
 */
public final class Busy extends HlasException {
    private final int retryAfterSeconds;

    public Busy(String message, int retryAfterSeconds) {
        super(message, null, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** When a place is expected to free up, in whole seconds (at least 1). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String code() {
        return "rate_limit_exceeded";
    }
}
