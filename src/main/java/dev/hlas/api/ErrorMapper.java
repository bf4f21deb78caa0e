package dev.hlas.api;

import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.InternalFailure;
import dev.hlas.error.InvalidRequest;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.NativeLibraryMissing;
import dev.hlas.error.NotFound;
import dev.hlas.error.StoreFailure;
import dev.hlas.error.TooLarge;
import dev.hlas.error.Unauthorized;
import dev.hlas.error.Unavailable;
import dev.hlas.error.VoiceUnavailable;

import dev.hlas.error.HlasException;
import dev.hlas.ops.RequestRecord;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that decides how a failure is shown (the WebSocket transport shows the same status, code and
 * param in its {@code error} messages); for HTTP: every error leaves as the OpenAI envelope
 * {@code {"error":{"message","type","param","code"}}} with its status (and {@code Retry-After} for 429).
 *
 * <p>Once a response is committed (audio already on the wire) an error cannot be a status code any more: the
 * connection is aborted without the terminating chunk, so the client sees a failed transfer, never a truncated file
 * that looks complete.
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String WRITTEN = "hlas.error.written";
    /** What a client is told of an engine failure: its details (native errors, model output) are for the log. */
    static final String ENGINE_FAILED = "The server had an error while synthesizing speech.";

    private ErrorMapper() {
    }

    /** Bodies up to this size are read before an error answers a request that did not read its own. */
    private static final long SETTLED_BODY_BYTES = 1024 * 1024;

    /** Exception handler for everything a handler throws. */
    static void handle(Exception e, Context ctx) {
        if (e instanceof ClientGone || ctx.res().isCommitted()) {
            abort(ctx, e); // nobody to answer, or audio already on the wire: a failed transfer, never a clean end
            return;
        }
        settleRequestBody(ctx);
        HttpError error = toHttp(e);
        if (error.status() >= 500) {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
        } else {
            log.debug("{} {} → {}: {}", ctx.method(), ctx.path(), error.status(), error.message());
        }
        write(ctx, error);
    }

    /**
     * A request refused before its body was read (a missing key, a full client limit, a draining server): the body
     * is read first when small, so the connection stays usable. Otherwise the server would answer while the body is
     * still arriving and then close the connection, and a client that reuses it for its next request gets no answer
     * at all. A large or unreadable body closes the connection, and the response says so.
     */
    private static void settleRequestBody(Context ctx) {
        long length = ctx.contentLength();
        boolean hasBody = length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
        if (!hasBody) return;
        if (length > 0 && length <= SETTLED_BODY_BYTES) {
            try {
                ctx.bodyAsBytes();
                return;
            } catch (RuntimeException unreadable) {
                // already streamed elsewhere, or the client stopped sending: close below
            }
        }
        ctx.header("Connection", "close");
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
        write(ctx, HttpError.plain(status, message));
    }

    /**
     * How HTTP shows any failure. Domain errors are mapped exhaustively (a new kind of failure does not compile until
     * it is given a status here); Javalin's own status errors keep their status; anything else is a bare 500 whose
     * message does not leak internals.
     */
    public static HttpError toHttp(Throwable e) {
        if (e instanceof HttpResponseException h) return HttpError.plain(h.getStatus(), h.getMessage());
        HlasException error = HlasException.of(e);
        return switch (error) {
            case InvalidRequest x -> HttpError.of(400, "invalid_request_error", x, null);
            case VoiceUnavailable x -> HttpError.of(400, "invalid_request_error", x, null);
            case NotFound x -> HttpError.of(404, "invalid_request_error", x, null);
            case Unauthorized x -> HttpError.of(401, "authentication_error", x, null);
            case Busy x -> HttpError.of(429, "rate_limit_error", x, x.retryAfterSeconds());
            case Unavailable x -> HttpError.of(503, "server_error", x, x.retryAfterSeconds());
            case ModelBroken x -> HttpError.of(500, "server_error", x, null);
            case EngineFailure x -> new HttpError(500, "server_error", ENGINE_FAILED, null, x.code(), null);
            case StoreFailure x -> HttpError.of(500, "server_error", x, null);
            case NativeLibraryMissing x -> HttpError.of(500, "server_error", x, null);
            case InternalFailure x -> HttpError.of(500, "server_error", x, null);
            case ClientGone x -> HttpError.of(499, "invalid_request_error", x, null);
            case TooLarge x -> HttpError.of(413, "invalid_request_error", x, null);
        };
    }

    static void write(Context ctx, HttpError error) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        RequestRecord record = ServingFilters.record(ctx);
        if (record != null) record.error(error.message());
        ctx.status(error.status());
        if (error.retryAfterSeconds() != null) ctx.header("Retry-After", Integer.toString(error.retryAfterSeconds()));
        ctx.contentType("application/json");
        ctx.result(Json.bytes(Map.of("error", error.envelope())));
    }

    /** Ends a committed response as a failed transfer (no final chunk), so no client mistakes it for complete. */
    static void abort(Context ctx, Throwable cause) {
        RequestRecord record = ServingFilters.record(ctx);
        if (record != null && !isClientGone(cause)) record.error(toHttp(cause).message());
        if (isClientGone(cause)) {
            log.debug("{} {}: client went away", ctx.method(), ctx.path());
        } else {
            log.error("{} {} failed after the response started; aborting the connection", ctx.method(), ctx.path(),
                    cause);
        }
        ctx.req().setAttribute(RequestLifecycle.ABORTED, Boolean.TRUE);
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(cause);
        } catch (RuntimeException e) {
            log.debug("abort failed", e);
        }
    }

    static boolean isClientGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof ClientGone) return true;
        }
        return false;
    }

    /**
     * A failure as HTTP shows it: status, the OpenAI error fields, and {@code Retry-After} seconds or null.
     */
    public record HttpError(int status, String type, String message, String param, String code,
                            Integer retryAfterSeconds) {
        static HttpError of(int status, String type, HlasException e, Integer retryAfter) {
            return new HttpError(status, type, e.getMessage(), e.param(), e.code(), retryAfter);
        }

        static HttpError plain(int status, String message) {
            return new HttpError(status, status >= 500 ? "server_error" : "invalid_request_error", message, null,
                    null, null);
        }

        /** The four fields of the OpenAI error envelope (what goes under {@code "error"}). */
        Map<String, Object> envelope() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", message);
            body.put("type", type);
            body.put("param", param);
            body.put("code", code);
            return body;
        }
    }
}
