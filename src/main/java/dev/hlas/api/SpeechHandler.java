package dev.hlas.api;

import dev.hlas.audio.Encoders;
import dev.hlas.engine.PcmChunk;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.StreamFormat;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code POST /v1/audio/speech}: validate, plan, then stream audio (or SSE events) as each sentence is synthesized.
 *
 * <p>Streaming writes go to the servlet output stream and are flushed per chunk: Javalin's own
 * {@code ctx.outputStream()} buffers ~32 KB and would hold back the first audio for most of a second.
 * The rate actually produced is in {@code X-Sample-Rate} (see {@link Encoders#outputRate}).
 */
final class SpeechHandler {
    private final SpeechService speech;
    private final SpeechRequestParser parser;

    SpeechHandler(SpeechService speech, int maxInputChars) {
        this.speech = speech;
        this.parser = new SpeechRequestParser(maxInputChars);
    }

    void handle(Context ctx) throws Exception {
        SpeechRequest request = parser.parse(ctx.bodyAsBytes());
        SpeechPlan plan = speech.plan(request);
        int rate = Encoders.outputRate(request.format(), request.sampleRate(), plan.nativeSampleRate());
        double volume = request.volume() == null ? 1.0 : request.volume();
        try (SpeechStream stream = speech.open(plan)) {
            // Wait for the first audio before committing: a failure in the first sentence is still a clean error.
            PcmChunk first = stream.next();
            boolean sse = request.streamFormat() == StreamFormat.SSE;
            ctx.status(200);
            ctx.contentType(sse ? SseBody.CONTENT_TYPE : request.format().contentType());
            if (sse) ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Sample-Rate", Integer.toString(rate));
            ctx.header("X-Voice", String.join(",", plan.voiceIds()));
            ctx.header("X-Language", String.join(",", plan.languages()));
            OutputStream out = ctx.res().getOutputStream();
            try {
                if (sse) {
                    SseBody.write(stream::next, first, stream::cancel, request.format(), rate, volume,
                            request.input(), out);
                } else {
                    AudioBody.write(stream::next, first, request.format(), rate, volume, out);
                }
            } catch (IOException clientGone) {
                stream.cancel();
                throw clientGone;
            }
        }
    }
}
