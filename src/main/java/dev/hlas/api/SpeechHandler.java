package dev.hlas.api;

import dev.hlas.audio.AudioEncoder;
import dev.hlas.audio.Encoders;
import dev.hlas.cache.CacheKey;
import dev.hlas.cache.CachedResponse;
import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.PcmChunk;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.StreamFormat;
import dev.hlas.error.HlasException;
import dev.hlas.ops.RequestRecord;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/audio/speech}: validate, plan, then stream audio as each sentence is synthesized.
 *
 * <p>Streaming writes go to the servlet output stream and are flushed per chunk: Javalin's own
 * {@code ctx.outputStream()} buffers ~32 KB and would hold back the first audio for most of a second.
 */
final class SpeechHandler {
    private final SpeechService speech;
    private final SpeechRequestParser parser;
    private final SpeechCache cache;
    private final boolean logTexts;

    SpeechHandler(SpeechService speech, int maxInputChars) {
        this(speech, maxInputChars, SpeechCache.disabled(), false);
    }

    SpeechHandler(SpeechService speech, int maxInputChars, SpeechCache cache, boolean logTexts) {
        this.speech = speech;
        this.parser = new SpeechRequestParser(maxInputChars);
        this.cache = cache;
        this.logTexts = logTexts;
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
        RequestRecord record = record(ctx, plan);
        ctx.header("X-Usage-Characters", Integer.toString(record.characters()));
        boolean bypass = bypassCache(ctx);
        CacheKey key = CacheKey.of(plan);
        Optional<CachedResponse> hit = cache.get(key, bypass);
        if (hit.isPresent()) {
            serveCached(ctx, hit.get(), record);
            return;
        }
        record.cache(bypass || !cache.enabled() ? "bypass" : "miss");
        ctx.header("X-Cache", record.cache());
        SpeechCache.Recorder recorder = cache.recorder(key, bypass);
        double audioSeconds = 0;
        try (SpeechStream stream = speech.open(plan)) {
            // Wait for the first audio before committing: a failure in the first sentence is still a clean error.
            PcmChunk first = stream.next();
            int rate = plan.nativeSampleRate();
            ctx.status(200);
            ctx.contentType(request.format().contentType());
            ctx.header("X-Sample-Rate", Integer.toString(rate));
            ctx.header("X-Voice", String.join(",", plan.voiceIds()));
            ctx.header("X-Language", String.join(",", plan.languages()));
            OutputStream out = recorder.tee(ctx.res().getOutputStream());
            try (AudioEncoder encoder = Encoders.open(request.format(), rate, out)) {
                for (PcmChunk chunk = first; chunk != null; chunk = stream.next()) {
                    encoder.write(chunk.samples());
                    out.flush();
                    record.firstByte(System.nanoTime());
                    audioSeconds += chunk.seconds();
                }
                encoder.finish();
                out.flush();
            } catch (IOException clientGone) {
                stream.cancel();
                record.aborted();
                throw clientGone;
            }
            record.audioSeconds(audioSeconds);
            recorder.commit(request.format().contentType(), Map.of("X-Sample-Rate", Integer.toString(rate),
                    "X-Voice", String.join(",", plan.voiceIds()), "X-Language", String.join(",", plan.languages())),
                    audioSeconds);
        }
    }

    /** Fills the request's record (metrics, logs) with what this speech request is about. */
    private RequestRecord record(Context ctx, SpeechPlan plan) {
        RequestRecord record = ServingFilters.record(ctx);
        if (record == null) record = new RequestRecord("-", "POST", ctx.path(), System.nanoTime(), 0);
        String input = plan.request().input();
        record.speech(plan.sentences().getFirst().voice().engine().id(), String.join(",", plan.voiceIds()),
                plan.request().format().name().toLowerCase(Locale.ROOT), input.codePointCount(0, input.length()));
        if (logTexts) record.text(input);
        return record;
    }

    /** {@code Cache-Control: no-cache} or {@code no-store} skips the cache for this request. */
    private static boolean bypassCache(Context ctx) {
        String cc = ctx.header("Cache-Control");
        if (cc == null) return false;
        String v = cc.toLowerCase(Locale.ROOT);
        return v.contains("no-cache") || v.contains("no-store");
    }

    /** A hit: the stored bytes in one write, with their length, like a static file. */
    private static void serveCached(Context ctx, CachedResponse hit, RequestRecord record) throws IOException {
        record.cache("hit");
        record.audioSeconds(hit.audioSeconds());
        Map<String, String> headers = new LinkedHashMap<>(hit.headers());
        headers.forEach(ctx::header);
        ctx.header("X-Cache", "hit");
        ctx.header("X-Usage-Audio-Seconds", String.format(Locale.ROOT, "%.3f", hit.audioSeconds()));
        ctx.status(200);
        ctx.contentType(hit.contentType());
        ctx.res().setContentLength(hit.body().length);
        OutputStream out = ctx.res().getOutputStream();
        try {
            out.write(hit.body());
            out.flush();
            record.firstByte(System.nanoTime());
        } catch (IOException clientGone) {
            record.aborted();
            throw clientGone;
        }
    }
}
