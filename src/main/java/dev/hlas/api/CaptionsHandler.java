package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.error.HlasException;
import dev.hlas.ops.RequestRecord;
import dev.hlas.response.ResponseInfo;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpeechRequest;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/audio/captions} (Hlas extension): any speech request plus {@code caption_format}
 * ({@code json}, {@code srt}, {@code vtt}) and {@code cue} ({@code sentence}, {@code word}). The audio is made
 * through the same pipeline as {@code /v1/audio/speech} and cached under the same key, so the same body sent there
 * next is a cache hit whose audio the captions describe exactly; a hit here answers from the cached timings.
 */
final class CaptionsHandler {
    private final ResponsePipeline pipeline;
    private final SpeechRequestParser parser;

    CaptionsHandler(ResponsePipeline pipeline, int maxInputChars) {
        this.pipeline = pipeline;
        this.parser = new SpeechRequestParser(maxInputChars);
    }

    /** What a captions request asks for besides the speech. */
    record Captions(String format, boolean perWord) {
        static Captions of(JsonNode root) {
            String format = SpeechRequestParser.optionalString(root, "caption_format");
            if (format == null) format = "json";
            if (!List.of("json", "srt", "vtt").contains(format)) {
                throw HlasException.invalid("caption_format", "Invalid value '" + format
                        + "' for 'caption_format'. Supported values are: json, srt, vtt.");
            }
            String cue = SpeechRequestParser.optionalString(root, "cue");
            if (cue != null && !cue.equals("sentence") && !cue.equals("word")) {
                throw HlasException.invalid("cue", "Invalid value '" + cue
                        + "' for 'cue'. Supported values are: sentence, word.");
            }
            return new Captions(format, "word".equals(cue));
        }
    }

    /** The timings and length of a whole response, made (or replayed) through the pipeline. */
    record Timed(ResponseInfo info, double duration, List<SentenceTiming> timings, byte[] audio) {
    }

    static Timed speak(ResponsePipeline pipeline, SpeechRequest request, Context ctx, boolean keepAudio)
            throws InterruptedException {
        RequestRecord record = ServingFilters.record(ctx);
        ResponseOptions options = new ResponseOptions(record, SpeechHandler.bypassCache(ctx),
                () -> ConnectionProbe.isClosed(ctx));
        try (SpeechResponse response = pipeline.open(request, options)) {
            ServingFilters.onClientGone(ctx, response::cancel);
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            for (byte[] piece = response.next(); piece != null; piece = response.next()) {
                if (keepAudio) audio.writeBytes(piece);
            }
            return new Timed(response.info(), response.audioSeconds(), response.timings(), audio.toByteArray());
        }
    }

    void handle(Context ctx) throws Exception {
        JsonNode body = SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        SpeechRequest request = parser.parse(body);
        Captions captions = Captions.of(body);
        Timed timed = speak(pipeline, request, ctx, false);
        ResponseInfo info = timed.info();
        ctx.header("X-Sample-Rate", Integer.toString(info.sampleRate()));
        ctx.header("X-Voice", String.join(",", info.voices()));
        ctx.header("X-Language", String.join(",", info.languages()));
        ctx.header("X-Cache", info.cache().wireName());
        ctx.header("X-Usage-Characters", Integer.toString(info.characters()));
        ctx.header("X-Usage-Audio-Seconds", String.format(Locale.ROOT, "%.3f", timed.duration()));
        switch (captions.format()) {
            case "srt" -> ctx.contentType("application/x-subrip; charset=utf-8").result(SubtitleCues.srt(
                    SubtitleCues.cues(timed.timings(), request.input(), captions.perWord(), timed.duration())));
            case "vtt" -> ctx.contentType("text/vtt; charset=utf-8").result(SubtitleCues.vtt(
                    SubtitleCues.cues(timed.timings(), request.input(), captions.perWord(), timed.duration())));
            default -> ctx.contentType("application/json").result(
                    Json.bytes(CaptionsJson.document(timed.duration(), timed.timings())));
        }
    }
}
