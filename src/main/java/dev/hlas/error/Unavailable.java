package dev.hlas.error;

/** The server cannot serve this now: it is shutting down, not warm yet, or the request ran past its deadline. */
public final class Unavailable extends HlasException {
    private final int retryAfterSeconds;

    public Unavailable(String message, int retryAfterSeconds) {
        super(message, null, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String code() {
        return "service_unavailable";
    }
}
