package dev.hlas.error;

/**
 * Every failure Hlas knows how to explain, as a closed set of domain errors. Nothing here knows about HTTP, sockets
 * or exit codes: each transport (the HTTP error mapper, the CLI, later WebSocket and Wyoming) switches over this
 * sealed hierarchy exhaustively and renders the failure in its own form, so the same failure reads the same way
 * everywhere and the compiler points at every transport when a new kind of failure is added.
 *
 * <p>{@link #code()} is a stable machine-readable name ({@code invalid_value}, {@code rate_limit_exceeded} …) that
 * transports pass on as the OpenAI error {@code code}; {@link #param()} names the request field at fault, or null.
 * Messages are written for the user: they say what is wrong and what to do, and never leak internals.
 */
public abstract sealed class HlasException extends RuntimeException
        permits InvalidRequest, NotFound, Unauthorized, VoiceUnavailable, Busy, Unavailable, EngineFailure,
        ModelBroken, StoreFailure, NativeLibraryMissing, ClientGone, InternalFailure, TooLarge {

    HlasException(String message, Throwable cause) {
        super(message, cause);
    }

    HlasException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }

    /** Stable machine-readable name of this failure. */
    public abstract String code();

    /** The request field at fault, or null. */
    public String param() {
        return null;
    }

    /** A field has a bad value. */
    public static InvalidRequest invalid(String param, String message) {
        return new InvalidRequest(param, InvalidRequest.INVALID_VALUE, message);
    }

    /** A field has a bad value of a specific kind ({@code unsupported_value}, {@code string_above_max_length} …). */
    public static InvalidRequest invalid(String param, String code, String message) {
        return new InvalidRequest(param, code, message);
    }

    /** An upload is larger than the server accepts (413). */
    public static TooLarge tooLarge(String param, String message) {
        return new TooLarge(param, message);
    }

    /** A named thing (a model, a route) does not exist. */
    public static NotFound notFound(String param, String message) {
        return new NotFound(param, message);
    }

    /** A missing or wrong API key. */
    public static Unauthorized unauthorized(String message) {
        return new Unauthorized(message);
    }

    /** The server is at capacity for this request; the client may retry after the given seconds. */
    public static Busy busy(String message, int retryAfterSeconds) {
        return new Busy(message, retryAfterSeconds);
    }

    /** The server cannot serve this right now (shutting down, not warm yet, past the deadline). */
    public static Unavailable unavailable(String message) {
        return new Unavailable(message, 1);
    }

    /** Something unexpected failed inside the server; {@code message} must not leak internals. */
    public static InternalFailure internal(String message, Throwable cause) {
        return new InternalFailure(message, cause);
    }

    /** {@code e} itself when it is one of ours, else an {@link InternalFailure} wrapping it. */
    public static HlasException of(Throwable e) {
        if (e instanceof HlasException h) return h;
        return new InternalFailure("The server had an error while processing your request.", e);
    }
}
