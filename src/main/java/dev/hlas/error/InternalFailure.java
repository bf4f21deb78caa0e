package dev.hlas.error;

/** Anything else that failed inside the server; the message is safe to show, the cause is for the log. */
public final class InternalFailure extends HlasException {
    public InternalFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "internal_error";
    }
}
