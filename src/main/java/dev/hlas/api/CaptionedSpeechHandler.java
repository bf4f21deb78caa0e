package dev.hlas.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.ops.RequestRecord;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpokenWord;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /dev/captioned_speech}: Kokoro-FastAPI's captioned speech route, same request and answer, so its
 * clients move over unchanged. The body is a speech request plus {@code stream} (default true) and
 * {@code return_timestamps} (default true). Without streaming the answer is one JSON object
 * {@code {"audio": base64, "audio_format", "timestamps": [{"word","start_time","end_time"}]}}; streaming, it is one
 * such object per line, each with the next piece of the audio and the words whose audio starts in it. Words are
 * the user's own words (with Hlas's original-text mapping), times in seconds from the start of the audio.
 */
final class CaptionedSpeechHandler {
    private final ResponsePipeline pipeline;
    private final SpeechRequestParser parser;

    CaptionedSpeechHandler(ResponsePipeline pipeline, int maxInputChars) {
        this.pipeline = pipeline;
        this.parser = new SpeechRequestParser(maxInputChars);
    }

    void handle(Context ctx) throws Exception {
        ObjectNode body = (ObjectNode) SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        if (!body.has("model")) body.put("model", "kokoro"); // Kokoro-FastAPI's default
        body.remove("stream_format");
        boolean stream = SpeechRequestParser.optionalBoolean(body, "stream", true);
        boolean timestamps = SpeechRequestParser.optionalBoolean(body, "return_timestamps", true);
        SpeechRequest request = parser.parse(body);
        String format = request.format().wireName();
        if (!stream) {
            CaptionsHandler.Timed timed = CaptionsHandler.speak(pipeline, request, ctx, true);
            ctx.header("X-Cache", timed.info().cache().wireName());
            ctx.contentType("application/json").result(Json.bytes(answer(timed.audio(), format,
                    timestamps ? words(timed.timings(), 0) : List.of())));
            return;
        }
        RequestRecord record = ServingFilters.record(ctx);
        ResponseOptions options = new ResponseOptions(record, SpeechHandler.bypassCache(ctx),
                () -> ConnectionProbe.isClosed(ctx)).withTimingsFirst();
        try (SpeechResponse response = pipeline.open(request, options)) {
            ServingFilters.onClientGone(ctx, response::cancel);
            byte[] first = response.next();
            ctx.status(200);
            ctx.contentType("application/x-ndjson");
            ctx.header("X-Cache", response.info().cache().wireName());
            OutputStream out = ctx.res().getOutputStream();
            int sent = 0;
            // A failure after the first line propagates: the error mapper aborts the connection (no error frame
            // exists in this format, and a clean end would pass off a short answer as complete).
            for (byte[] piece = first; piece != null; piece = response.next()) {
                List<SentenceTiming> timings = response.timings();
                List<Map<String, Object>> words = timestamps ? words(timings, sent) : List.of();
                sent = timings.size();
                line(out, answer(piece, format, words));
            }
        }
    }

    private static void line(OutputStream out, Map<String, Object> object) throws IOException {
        out.write(Json.bytes(object));
        out.write("\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Map<String, Object> answer(byte[] audio, String format, List<Map<String, Object>> words) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("audio", Base64.getEncoder().encodeToString(audio));
        m.put("audio_format", format);
        m.put("timestamps", words);
        return m;
    }

    /** Kokoro-FastAPI's word objects for the sentences from {@code from} on. */
    private static List<Map<String, Object>> words(List<SentenceTiming> timings, int from) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SentenceTiming t : timings.subList(Math.min(from, timings.size()), timings.size())) {
            for (SpokenWord w : t.words()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("word", w.word());
                m.put("start_time", w.start());
                m.put("end_time", w.end());
                out.add(m);
            }
        }
        return out;
    }
}
