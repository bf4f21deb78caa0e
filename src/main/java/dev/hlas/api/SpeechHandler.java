package dev.hlas.api;

import dev.hlas.audio.Encoders;
import dev.hlas.cache.CacheKey;
import dev.hlas.cache.CachedResponse;
import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.PcmChunk;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;
import dev.hlas.speech.StreamFormat;
import io.javalin.http.Context;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code POST /v1/audio/speech}: validate, plan, look the response up in the cache, else take a place on the engines
 * (a 429 before anything is sent) and stream audio (or SSE events) as each sentence is synthesized.
 *
 * <p>Streaming writes go to the servlet output stream and are flushed per chunk: Javalin's own
 * {@code ctx.outputStream()} buffers ~32 KB and would hold back the first audio for most of a second.
 * The rate actually produced is in {@code X-Sample-Rate} (see {@link Encoders#outputRate}).
 *
 * <p>Cache: a miss tees the encoded audio bytes (for SSE, the audio inside the events) and stores them only when the
 * whole response was sent successfully; a hit sends the stored bytes at once with their length (for SSE, replayed as
 * delta events and a done event). The server's own warm-up requests neither read nor fill the cache.
 */
final class SpeechHandler {
    /** How often a request still waiting for its first audio checks whether its client hung up. */
    private static final long FIRST_CHUNK_POLL_MILLIS = 100;
    private final SpeechService speech;
    private final SpeechRequestParser parser;
    private final SpeechCache cache;
    private final SpeechCache noCache = SpeechCache.disabled();
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
        SpeechPlan plan = speech.plan(request);
        int rate = Encoders.outputRate(request.format(), request.sampleRate(), plan.nativeSampleRate());
        double volume = request.volume() == null ? 1.0 : request.volume();
        boolean sse = request.streamFormat() == StreamFormat.SSE;
        RequestRecord record = record(ctx, plan);
        SpeechCache cache = ServingFilters.isWarmUp(ctx) ? noCache : this.cache;
        boolean bypass = bypassCache(ctx);
        CacheKey key = CacheKey.of(plan, rate);
        Optional<CachedResponse> hit = cache.get(key, bypass);
        if (hit.isPresent()) {
            serveCached(ctx, hit.get(), sse, request.input(), record);
            return;
        }
        record.cache(bypass || !cache.enabled() ? "bypass" : "miss");
        try (SpeechStream stream = speech.open(plan)) { // admission: a 429 here, before any header
            // Wait for the first audio before committing: a failure in the first sentence is still a clean error.
            PcmChunk first = stream.next(() -> ConnectionProbe.isClosed(ctx), FIRST_CHUNK_POLL_MILLIS);
            SpeechCache.Recorder recorder = cache.recorder(key, bypass);
            ctx.status(200);
            ctx.contentType(sse ? SseBody.CONTENT_TYPE : request.format().contentType());
            if (sse) ctx.header("Cache-Control", "no-cache");
            Map<String, String> described = describe(plan, rate);
            described.forEach(ctx::header);
            ctx.header("X-Cache", record.cache());
            ctx.header("X-Usage-Characters", Integer.toString(record.characters()));
            OutputStream out = new FirstByteStream(ctx.res().getOutputStream(), record);
            OptionalDouble seconds;
            try {
                if (sse) {
                    seconds = SseBody.write(stream::next, first, stream::cancel, request.format(), rate, volume,
                            request.input(), recorder::tee, out);
                } else {
                    seconds = OptionalDouble.of(AudioBody.write(stream::next, first, request.format(), rate, volume,
                            recorder.tee(out)));
                }
            } catch (IOException clientGone) {
                stream.cancel();
                record.aborted();
                throw clientGone;
            }
            if (seconds.isPresent()) {
                record.audioSeconds(seconds.getAsDouble());
                recorder.commit(sse ? SseBody.CONTENT_TYPE : request.format().contentType(), described,
                        seconds.getAsDouble());
            }
        }
    }

    /** The headers that describe a response's audio (sent again on a hit). */
    private static Map<String, String> describe(SpeechPlan plan, int rate) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Sample-Rate", Integer.toString(rate));
        headers.put("X-Voice", String.join(",", plan.voiceIds()));
        headers.put("X-Language", String.join(",", plan.languages()));
        return headers;
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

    /** A hit: the stored bytes in one write, with their length, like a static file (SSE: replayed as events). */
    private static void serveCached(Context ctx, CachedResponse hit, boolean sse, String input, RequestRecord record)
            throws IOException {
        record.cache("hit");
        record.audioSeconds(hit.audioSeconds());
        hit.headers().forEach(ctx::header);
        ctx.header("X-Cache", "hit");
        ctx.header("X-Usage-Characters", Integer.toString(record.characters()));
        ctx.header("X-Usage-Audio-Seconds", String.format(Locale.ROOT, "%.3f", hit.audioSeconds()));
        ctx.status(200);
        ctx.contentType(hit.contentType());
        if (sse) ctx.header("Cache-Control", "no-cache");
        else ctx.res().setContentLength(hit.body().length);
        OutputStream out = ctx.res().getOutputStream();
        try {
            if (sse) {
                SseBody.replay(hit.body(), hit.audioSeconds(), input, out);
            } else {
                out.write(hit.body());
                out.flush();
            }
            record.firstByte(System.nanoTime());
        } catch (IOException clientGone) {
            record.aborted();
            throw clientGone;
        }
    }

    /** Marks the request's first byte when the first written bytes are flushed to the connection. */
    private static final class FirstByteStream extends FilterOutputStream {
        private final RequestRecord record;
        private boolean written;

        FirstByteStream(OutputStream out, RequestRecord record) {
            super(out);
            this.record = record;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written = true;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (len > 0) written = true;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            if (written) record.firstByte(System.nanoTime());
        }
    }
}
