package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.ops.RequestRecord;
import dev.hlas.ops.UsageLedger;
import dev.hlas.response.ResponseInfo;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;
import io.javalin.http.Context;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/audio/speech}: parses the body, opens the response through the {@link ResponsePipeline} and frames
 * it — raw audio ({@link AudioBody}) or server-sent events ({@link SseBody}). Planning, the cache, admission,
 * synthesis and encoding all happen in the pipeline; this class only decides headers and writes bytes.
 *
 * <p>The handler waits for the first audio piece before committing the status: a failure in the first sentence is
 * still a clean error envelope. While it waits it peeks at the connection ({@link ConnectionProbe}), so a client that
 * hangs up while queued frees its place at once.
 *
 * <p>Writes go to the servlet output stream and are flushed per piece: Javalin's own {@code ctx.outputStream()}
 * buffers ~32 KB and would hold back the first audio for most of a second.
 */
final class SpeechHandler {
    private final ResponsePipeline pipeline;
    private final SpeechRequestParser parser;
    private final boolean logTexts;

    /** Response header listing what the request asked for that was not done exactly, separated by {@code "; "}. */
    static final String WARNINGS = "X-Hlas-Warnings";

    /** Header-safe: printable ASCII only (others become {@code ?}), at most 1000 characters. */
    static String headerValue(List<String> warnings) {
        String joined = String.join("; ", warnings);
        StringBuilder b = new StringBuilder(Math.min(joined.length(), 1000));
        for (int i = 0; i < joined.length() && b.length() < 1000; i++) {
            char c = joined.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    SpeechHandler(ResponsePipeline pipeline, int maxInputChars, boolean logTexts) {
        this.pipeline = pipeline;
        this.parser = new SpeechRequestParser(maxInputChars);
        this.logTexts = logTexts;
    }

    void handle(Context ctx) throws Exception {
        JsonNode body = SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        SpeechRequest request = parser.parse(body);
        boolean timestamps = SpeechRequestParser.wordTimestamps(body, request.streamFormat());
        RequestRecord record = ServingFilters.record(ctx);
        if (record != null && logTexts) record.text(request.input());
        boolean sse = request.streamFormat() == StreamFormat.SSE;
        ResponseOptions options = new ResponseOptions(record, bypassCache(ctx), () -> ConnectionProbe.isClosed(ctx));
        if (timestamps) options = options.withTimingsFirst();
        try (SpeechResponse response = pipeline.open(request, options)) {
            // A client seen gone by the per-client limiter (it started another request while at its limit) ends
            // this response at once, wherever it waits.
            ServingFilters.onClientGone(ctx, response::cancel);
            byte[] first = response.next();
            ResponseInfo info = response.info();
            ctx.status(200);
            ctx.contentType(sse ? SseBody.CONTENT_TYPE : info.contentType());
            ctx.header("X-Sample-Rate", Integer.toString(info.sampleRate()));
            ctx.header("X-Voice", String.join(",", info.voices()));
            ctx.header("X-Language", String.join(",", info.languages()));
            if (record != null) record.language(String.join(",", info.languages()));
            ctx.header("X-Cache", info.cache().wireName());
            ctx.header("X-Usage-Characters", Integer.toString(info.characters()));
            ctx.header("X-Usage-Units", Long.toString(UsageLedger.units(info.characters())));
            if (!info.warnings().isEmpty()) ctx.header(WARNINGS, headerValue(info.warnings()));
            if (sse) {
                ctx.header("Cache-Control", "no-cache");
            } else if (response.contentLength().isPresent()) {
                ctx.header("X-Usage-Audio-Seconds", String.format(Locale.ROOT, "%.3f", response.audioSeconds()));
                ctx.res().setContentLength(response.contentLength().getAsInt());
            }
            OutputStream out = new FirstByteStream(ctx.res().getOutputStream(), record);
            if (sse) {
                SseBody.write(response, first, out, timestamps);
            } else {
                AudioBody.write(response, first, out);
            }
        }
    }

    /** {@code Cache-Control: no-cache} or {@code no-store} skips the cache for this request. */
    static boolean bypassCache(Context ctx) {
        String cc = ctx.header("Cache-Control");
        if (cc == null) return false;
        String v = cc.toLowerCase(Locale.ROOT);
        return v.contains("no-cache") || v.contains("no-store");
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
            if (record != null) record.addBytes(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (len > 0) written = true;
            if (record != null) record.addBytes(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            if (written && record != null) record.firstByte(System.nanoTime());
        }
    }
}
