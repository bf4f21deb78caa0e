package dev.hlas.wyoming;

import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns failures into Wyoming: an {@code error} event {@code {"text", "code"}}, the code being
 * the same stable name HTTP puts into the OpenAI envelope ({@code voice_not_found}, {@code rate_limit_exceeded} …).
 * The status is what HTTP would have answered; it is only written into the request's record and metrics.
 */
final class WyomingErrors {
    /** What a client is told of an engine failure: its details are for the log. */
    static final String ENGINE_FAILED = "The server had an error while synthesizing speech.";

    private WyomingErrors() {
    }

    /** A failure as Wyoming shows it. */
    record WyomingError(String text, String code, int status) {
        WyomingEvent event() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", text);
            if (code != null) data.put("code", code);
            return WyomingEvent.of(WyomingProtocol.ERROR, data);
        }
    }

    /** Maps every domain error exhaustively: a new kind of failure does not compile until it is given a form here. */
    static WyomingError of(Throwable t) {
        HlasException e = HlasException.of(t);
        return switch (e) {
            case InvalidRequest x -> plain(x, 400);
            case VoiceUnavailable x -> plain(x, 400);
            case NotFound x -> plain(x, 404);
            case Unauthorized x -> plain(x, 401);
            case Busy x -> plain(x, 429);
            case Unavailable x -> plain(x, 503);
            case ModelBroken x -> plain(x, 500);
            case EngineFailure x -> new WyomingError(ENGINE_FAILED, x.code(), 500);
            case StoreFailure x -> plain(x, 500);
            case NativeLibraryMissing x -> plain(x, 500);
            case InternalFailure x -> plain(x, 500);
            case ClientGone x -> plain(x, 499);
            case TooLarge x -> plain(x, 413);
        };
    }

    /** A frame that could not be read. */
    static WyomingError of(FrameError e) {
        return new WyomingError(e.getMessage(), e.code(), 400);
    }

    /** A protocol event out of order ({@code synthesize-chunk} without a stream …). */
    static WyomingError protocol(String text) {
        return new WyomingError(text, "unexpected_event", 400);
    }

    private static WyomingError plain(HlasException e, int status) {
        return new WyomingError(e.getMessage(), e.code(), status);
    }
}
