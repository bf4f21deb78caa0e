package dev.hlas.error;

/**
 * An error a client should see, with everything needed to render the OpenAI error envelope
 * {@code {"error":{"message","type","param","code"}}}. One place ({@code dev.hlas.api.ErrorMapper}) turns these
 * into HTTP responses; code elsewhere throws them through the static factories below.
 */
public class HlasException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Integer retryAfterSeconds;

    protected HlasException(int status, String type, String message, String param, String code,
                            Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: the request is malformed or a field has a bad value. */
    public static HlasException invalid(String param, String message) {
        return new HlasException(400, "invalid_request_error", message, param, "invalid_value", null, null);
    }

    /** 400 with a specific code (e.g. {@code unsupported_value}, {@code string_above_max_length}). */
    public static HlasException invalid(String param, String code, String message) {
        return new HlasException(400, "invalid_request_error", message, param, code, null, null);
    }

    /** 404: a named thing (model, voice) does not exist. */
    public static HlasException notFound(String param, String message) {
        return new HlasException(404, "invalid_request_error", message, param, "not_found", null, null);
    }

    /** 401: missing or wrong API key. */
    public static HlasException unauthorized(String message) {
        return new HlasException(401, "authentication_error", message, null, "invalid_api_key", null, null);
    }

    /** 429: the server is at capacity; the client may retry after the given seconds. */
    public static HlasException busy(String message, int retryAfterSeconds) {
        return new HlasException(429, "rate_limit_error", message, null, "rate_limit_exceeded",
                Math.max(1, retryAfterSeconds), null);
    }

    /** 503: the server cannot serve this right now (e.g. shutting down, engine not ready). */
    public static HlasException unavailable(String message) {
        return new HlasException(503, "server_error", message, null, "service_unavailable", 1, null);
    }

    /** 500: something failed inside the server; the message must not leak internals. */
    public static HlasException internal(String message, Throwable cause) {
        return new HlasException(500, "server_error", message, null, "internal_error", null, cause);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
