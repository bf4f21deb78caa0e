package dev.hlas.api;

import dev.hlas.error.HlasException;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SentenceTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a response body of server-sent events ({@code stream_format: "sse"}) as OpenAI specifies: one
 * {@code speech.audio.delta} per encoded piece, whose base64 {@code audio} fields concatenate to exactly the bytes
 * the plain audio stream would carry, then {@code speech.audio.done} with {@code usage}. A failure after the first
 * event ends the stream with an {@code error} event carrying the OpenAI error fields, never a silent end.
 */
final class SseBody {
    static final String CONTENT_TYPE = "text/event-stream";
    /** Largest audio piece in one event (a cache hit hands out its whole body at once). */
    private static final int MAX_PIECE = 32 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SseBody.class);

    private final OutputStream out;

    private SseBody(OutputStream out) {
        this.out = out;
    }

    /**
     * Frames a response as events: its pieces as {@code speech.audio.delta}s of at most {@value #MAX_PIECE} bytes,
     * then {@code speech.audio.done} with the usage; a failure after the first event ends the stream with an
     * {@code error} event (synthesis is cancelled by closing the response).
     *
     * @param first the piece already taken from {@code response}
     * @throws IOException when the client went away (nothing more can be told to it)
     */
    static void write(SpeechResponse response, byte[] first, OutputStream out)
            throws IOException, InterruptedException {
        write(response, first, out, false);
    }

    /**
     * Like {@link #write(SpeechResponse, byte[], OutputStream)}; with {@code timestamps}, each sentence's
     * {@code speech.audio.timestamps} event goes out before the first delta that carries its audio (the response
     * was opened with {@link dev.hlas.response.ResponseOptions#timingsFirst()}).
     */
    static void write(SpeechResponse response, byte[] first, OutputStream out, boolean timestamps)
            throws IOException, InterruptedException {
        SseBody events = new SseBody(out);
        int announced = 0;
        try {
            for (byte[] piece = first; piece != null; piece = response.next()) {
                announced = events.timestamps(response.timings(), announced, timestamps);
                events.deltas(piece);
            }
            events.timestamps(response.timings(), announced, timestamps);
            events.done(SpeechUsage.of(response.info().characters(), response.audioSeconds()));
        } catch (HlasException failure) {
            response.cancel();
            log.error("speech SSE stream failed after it started; sending an error event", failure);
            events.error(ErrorMapper.toHttp(failure));
        }
    }

    /**
     * Announces the sentences not yet announced: their words (only when {@code words}) and their SSML marks, one
     * {@code speech.audio.mark} event each (always: a mark is reported whenever its time is known).
     */
    private int timestamps(List<SentenceTiming> timings, int announced, boolean words) throws IOException {
        for (int i = announced; i < timings.size(); i++) {
            if (words) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("type", "speech.audio.timestamps");
                event.put("sentence", timings.get(i).index());
                event.put("words", CaptionsJson.words(timings.get(i).words()));
                send(event);
            }
            for (Map<String, Object> mark : CaptionsJson.marks(timings.get(i).marks())) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("type", "speech.audio.mark");
                event.putAll(mark);
                send(event);
            }
        }
        return timings.size();
    }

    private void deltas(byte[] piece) throws IOException {
        for (int off = 0; off < piece.length; off += MAX_PIECE) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "speech.audio.delta");
            event.put("audio", Base64.getEncoder().encodeToString(
                    Arrays.copyOfRange(piece, off, Math.min(piece.length, off + MAX_PIECE))));
            send(event);
        }
    }

    private void done(SpeechUsage usage) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "speech.audio.done");
        event.put("usage", usage.toJson());
        send(event);
    }

    private void error(ErrorMapper.HttpError error) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "error");
        event.put("error", error.envelope());
        send(event);
    }

    private void send(Map<String, Object> event) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.bytes(event));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
