package dev.hlas.api;

import dev.hlas.error.HlasException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns failures into HTTP: every error leaves as the OpenAI envelope
 * {@code {"error":{"message","type","param","code"}}} with its status (and {@code Retry-After} for 429).
 *
 * <p>Once a response is committed (audio already on the wire) an error cannot be a status code any more: the
 * connection is aborted without the terminating chunk, so the client sees a failed transfer, never a truncated file
 * that looks complete.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String WRITTEN = "hlas.error.written";

    private ErrorMapper() {
    }

    /** Exception handler for everything a handler throws. */
    static void handle(Exception e, Context ctx) {
        if (e instanceof dev.hlas.speech.SpeechStream.ClientGoneException) {
            abort(ctx, e); // nobody to answer: the client hung up while its request waited
            return;
        }
        if (ctx.res().isCommitted()) {
            abort(ctx, e);
            return;
        }
        HlasException error = toHlas(e);
        if (error.status() >= 500) {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
        } else {
            log.debug("{} {} → {}: {}", ctx.method(), ctx.path(), error.status(), error.getMessage());
        }
        write(ctx, error);
    }

    /** Status handler for responses Javalin produced itself (no route, wrong method). */
    static void handleStatus(Context ctx) {
        if (ctx.attribute(WRITTEN) != null || ctx.res().isCommitted()) return;
        int status = ctx.statusCode();
        String message = switch (status) {
            case 404 -> "Unknown route: " + ctx.method() + " " + ctx.path();
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
            default -> "HTTP " + status;
        };
        write(ctx, new HttpError(status, status >= 500 ? "server_error" : "invalid_request_error", message));
    }

    /** The client-facing form of any failure: itself when it is an {@link HlasException}, else a bare 500. */
    static HlasException toHlas(Throwable e) {
        if (e instanceof HlasException h) return h;
        if (e instanceof HttpResponseException h) {
            return new HttpError(h.getStatus(), h.getStatus() >= 500 ? "server_error" : "invalid_request_error",
                    h.getMessage());
        }
        return HlasException.internal("The server had an error while processing your request.", e);
    }

    /** The four fields of the OpenAI error envelope (what goes under {@code "error"}). */
    static Map<String, Object> envelope(HlasException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.put("type", error.type());
        body.put("param", error.param());
        body.put("code", error.code());
        return body;
    }

    static void write(Context ctx, HlasException error) {
        Map<String, Object> body = envelope(error);
        ctx.attribute(WRITTEN, Boolean.TRUE);
        ctx.status(error.status());
        if (error.retryAfterSeconds() != null) ctx.header("Retry-After", Integer.toString(error.retryAfterSeconds()));
        ctx.contentType("application/json");
        ctx.result(Json.bytes(Map.of("error", body)));
    }

    /** Ends a committed response as a failed transfer (no final chunk), so no client mistakes it for complete. */
    static void abort(Context ctx, Throwable cause) {
        if (isClientGone(cause)) {
            log.debug("{} {}: client went away", ctx.method(), ctx.path());
        } else {
            log.error("{} {} failed after the response started; aborting the connection", ctx.method(), ctx.path(),
                    cause);
        }
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(cause);
        } catch (RuntimeException e) {
            log.debug("abort failed", e);
        }
    }

    static boolean isClientGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof dev.hlas.speech.SpeechStream.ClientGoneException) return true;
        }
        return false;
    }

    /** An error with a status that has no factory of its own (e.g. 405). */
    private static final class HttpError extends HlasException {
        HttpError(int status, String type, String message) {
            super(status, type, message, null, null, null, null);
        }
    }
}
