package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hlas.api.ErrorMapper;
import dev.hlas.error.HlasException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's messages as JSON, and the one place that turns a failure into the {@code error} message: the same
 * code, param and message as the HTTP envelope ({@link ErrorMapper#toHttp}), plus the status HTTP would have used and,
 * for a busy server, the seconds after which a retry is likely to be admitted.
 */
final class WsMessages {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private WsMessages() {
    }

    /** A message of {@code type} with fields in the order given ({@code key, value, key, value …}). */
    static String of(String type, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) m.put((String) fields[i], fields[i + 1]);
        return write(m);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("JSON serialization failed", e);
        }
    }

    /** The {@code error} message for any failure. */
    static String error(Throwable failure) {
        ErrorMapper.HttpError e = ErrorMapper.toHttp(failure);
        String code = e.code() != null ? e.code() : switch (e.status()) {
            case 429 -> "rate_limit_exceeded";
            case 401 -> "invalid_api_key";
            default -> e.status() >= 500 ? "server_error" : "invalid_request";
        };
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("message", e.message());
        m.put("code", code);
        m.put("param", e.param());
        m.put("error_type", e.type());
        m.put("status", e.status());
        if (e.retryAfterSeconds() != null) m.put("retry_after", e.retryAfterSeconds());
        return write(m);
    }

    /** The status a request record gets for a failure. */
    static int status(Throwable failure) {
        return ErrorMapper.toHttp(failure).status();
    }

    static HlasException invalid(String param, String code, String message) {
        return HlasException.invalid(param, code, message);
    }
}
