package dev.hlas.api;

import dev.hlas.audio.AudioEncoder;
import dev.hlas.audio.Encoders;
import dev.hlas.engine.PcmChunk;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.StreamFormat;
import dev.hlas.error.HlasException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code POST /v1/audio/speech}: validate, plan, then stream audio as each sentence is synthesized.
 *
 * <p>Streaming writes go to the servlet output stream and are flushed per chunk: Javalin's own
 * {@code ctx.outputStream()} buffers ~32 KB and would hold back the first audio for most of a second.
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
        if (request.streamFormat() == StreamFormat.SSE) {
            throw HlasException.invalid("stream_format", "unsupported_value",
                    "stream_format 'sse' is not supported yet by this server; use 'audio'.");
        }
        SpeechPlan plan = speech.plan(request);
        if (request.sampleRate() != null && request.sampleRate() != plan.nativeSampleRate()) {
            throw HlasException.invalid("sample_rate", "unsupported_value", "sample_rate " + request.sampleRate()
                    + " is not supported yet; this voice produces " + plan.nativeSampleRate() + " Hz.");
        }
        try (SpeechStream stream = speech.open(plan)) {
            // Wait for the first audio before committing: a failure in the first sentence is still a clean error.
            PcmChunk first = stream.next();
            int rate = plan.nativeSampleRate();
            ctx.status(200);
            ctx.contentType(request.format().contentType());
            ctx.header("X-Sample-Rate", Integer.toString(rate));
            ctx.header("X-Voice", String.join(",", plan.voiceIds()));
            ctx.header("X-Language", String.join(",", plan.languages()));
            OutputStream out = ctx.res().getOutputStream();
            try (AudioEncoder encoder = Encoders.open(request.format(), rate, out)) {
                for (PcmChunk chunk = first; chunk != null; chunk = stream.next()) {
                    encoder.write(chunk.samples());
                    out.flush();
                }
                encoder.finish();
                out.flush();
            } catch (IOException clientGone) {
                stream.cancel();
                throw clientGone;
            }
        }
    }
}
