package dev.hlas.api;

import dev.hlas.engine.TranscriptionRelay;
import dev.hlas.error.HlasException;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestRecord;
import dev.hlas.stt.RecognitionOptions;
import dev.hlas.stt.ResponseFormat;
import dev.hlas.stt.Segment;
import dev.hlas.stt.Transcription;
import dev.hlas.stt.TranscriptionRequest;
import dev.hlas.stt.TranscriptionService;
import dev.hlas.stt.TranscriptText;
import dev.hlas.stt.Transcript;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/audio/transcriptions} and {@code POST /v1/audio/translations}: OpenAI's multipart form
 * ({@code file}, {@code model}, {@code language}, {@code prompt}, {@code temperature}, {@code response_format},
 * {@code timestamp_granularities[]}, {@code stream}) plus the seed gateway's {@code diarize},
 * {@code min_speakers}, {@code max_speakers} (refused: no diarization here) and {@code advanced} (ignored, logged).
 * The place on the recognition pool is taken before the upload is parsed, so a full server answers 429 at once.
 * A request for a model an upstream serves (and no local model answers to) goes to the {@link TranscriptionRelay}.
 */
final class TranscriptionHandler {
    private static final Logger log = LoggerFactory.getLogger(TranscriptionHandler.class);
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final int MAX_PROMPT_CHARS = 4096;
    private static final Set<String> KNOWN = Set.of("file", "model", "language", "prompt", "temperature",
            "response_format", "timestamp_granularities[]", "timestamp_granularities", "stream", "diarize",
            "min_speakers", "max_speakers", "advanced", "chunking_strategy", "include[]", "include");

    private final TranscriptionService service;
    private final TranscriptionRelay relay;
    private final Duration requestTimeout;
    private final Metrics metrics;
    private final boolean translate;

    /** {@code relay} answers requests for models upstreams serve, within {@code requestTimeout}. */
    TranscriptionHandler(TranscriptionService service, TranscriptionRelay relay, Duration requestTimeout,
                         Metrics metrics, boolean translate) {
        this.service = service;
        this.relay = relay;
        this.requestTimeout = requestTimeout;
        this.metrics = metrics;
        this.translate = translate;
    }

    /** The parsed form, validated. */
    record Form(String model, RecognitionOptions options, ResponseFormat format, boolean segments, boolean words,
                boolean stream) {
    }

    void handle(Context ctx) throws Exception {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw HlasException.invalid("file", "The request must be multipart/form-data with the audio in 'file' "
                    + "(got " + (type == null ? "no content type" : type) + ").");
        }
        long limit = service.config().maxUploadBytes();
        long length = ctx.contentLength();
        if (length > limit + 64 * 1024) {
            discardBody(ctx, limit);
            throw tooLarge(limit);
        }
        if (!relay.models().isEmpty()) {
            // Upstreams serve some models: the form is read first to learn which model is asked for (a request for
            // a local model then gets its place on the pool after its upload was read, not before).
            String model;
            try {
                model = single(ctx, "model");
            } catch (HlasException e) {
                throw e;
            } catch (Exception e) {
                HlasException failure = multipartFailure(e, limit, ctx.contentLength());
                discardBody(ctx, limit);
                throw failure;
            }
            if (model != null && relay.serves(model) && !local(model)) {
                relayed(ctx, model.strip(), limit);
                return;
            }
        }
        TranscriptionService.Place place = service.admit();
        Path upload = null;
        try {
            List<UploadedFile> files;
            try {
                files = ctx.uploadedFiles("file");
            } catch (Exception e) {
                HlasException failure = multipartFailure(e, limit, ctx.contentLength());
                discardBody(ctx, limit);
                throw failure;
            }
            if (files.isEmpty()) {
                throw HlasException.invalid("file", "No audio in 'file': send the recording as the form's 'file' part.");
            }
            if (files.size() > 1) {
                throw HlasException.invalid("file", "Send exactly one 'file' part (got " + files.size() + ").");
            }
            UploadedFile file = files.getFirst();
            if (file.size() > limit) throw tooLarge(limit);
            Form form = form(ctx);
            upload = Files.createTempFile("hlas-stt-", suffix(file.filename()));
            try (InputStream in = file.content()) {
                Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(upload) == 0) throw HlasException.invalid("file", "The uploaded file is empty.");
            RequestRecord record = ServingFilters.record(ctx);
            Transcription done = service.transcribe(place,
                    new TranscriptionRequest(upload, form.model(), form.options()));
            if (record != null) {
                record.speech(done.model().engine(), done.model().id(), form.format().wireName(), 0);
                record.audioSeconds(done.audioSeconds());
                if (done.transcript().language() != null) record.language(done.transcript().language());
            }
            metrics.transcribed(done.model().engine(), done.model().id(), done.audioSeconds(),
                    done.computeNanos());
            ctx.header("X-Model", done.model().id());
            ctx.header("X-Usage-Audio-Seconds", String.format(Locale.ROOT, "%.3f", done.audioSeconds()));
            if (form.stream()) {
                stream(ctx, done.transcript());
            } else {
                respond(ctx, form, done.transcript());
            }
        } finally {
            place.release();
            if (upload != null) Files.deleteIfExists(upload);
        }
    }

    /** Whether {@code model} is one this server recognises itself (a local model wins over an upstream's). */
    private boolean local(String model) {
        if (model.indexOf(':') >= 0) return false;
        try {
            service.resolve(model.strip());
            return true;
        } catch (HlasException notInstalled) {
            return false;
        }
    }

    /**
     * Sends the request on to the upstreams serving {@code model} (the relay spools the recording once, for
     * failover) and passes the answer through as it arrives. The form is checked only as far as the relay needs:
     * the upstream validates the rest and its errors come back naming it.
     */
    private void relayed(Context ctx, String model, long limit) {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        UploadedFile file = singleFile(ctx, limit);
        List<TranscriptionRelay.Field> fields = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
            if (e.getKey().equals("model") || e.getKey().equals("file")) continue;
            for (String value : e.getValue()) fields.add(new TranscriptionRelay.Field(e.getKey(), value));
        }
        RequestRecord record = ServingFilters.record(ctx);
        if (record != null) {
            String format = ctx.formParam("response_format");
            record.speech("remote", model, format == null ? "json" : format, 0);
        }
        String path = translate ? "/v1/audio/translations" : "/v1/audio/transcriptions";
        relay.relay(new TranscriptionRelay.Upload(path, model, fields, file.filename(), file.contentType(),
                file::content, deadline), (status, type, upstream) -> {
            ctx.status(status);
            ctx.contentType(type);
            if (type.startsWith(SseBody.CONTENT_TYPE)) ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Model", model);
            ctx.header("X-Upstream", upstream);
            return ctx.res().getOutputStream();
        });
    }

    /** The form's one {@code file} part, within the upload limit and not empty. */
    private static UploadedFile singleFile(Context ctx, long limit) {
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles("file");
        } catch (Exception e) {
            throw multipartFailure(e, limit, ctx.contentLength());
        }
        if (files.isEmpty()) {
            throw HlasException.invalid("file", "No audio in 'file': send the recording as the form's 'file' part.");
        }
        if (files.size() > 1) {
            throw HlasException.invalid("file", "Send exactly one 'file' part (got " + files.size() + ").");
        }
        UploadedFile file = files.getFirst();
        if (file.size() > limit) throw tooLarge(limit);
        if (file.size() == 0) throw HlasException.invalid("file", "The uploaded file is empty.");
        return file;
    }

    private Form form(Context ctx) {
        for (String field : ctx.formParamMap().keySet()) {
            if (!KNOWN.contains(field)) log.debug("ignoring unknown transcription field '{}'", field);
        }
        if (truthy(ctx, "diarize")) {
            throw HlasException.invalid("diarize", "unsupported_value",
                    "Speaker diarization is not available on this server: remove 'diarize' or set it to false.");
        }
        for (String field : List.of("min_speakers", "max_speakers")) {
            if (ctx.formParam(field) != null) {
                throw HlasException.invalid(field, "unsupported_value", "'" + field
                        + "' needs speaker diarization, which is not available on this server.");
            }
        }
        if (ctx.formParam("advanced") != null) {
            log.info("ignoring the 'advanced' field of a transcription request (no such options here)");
        }
        String model = single(ctx, "model");
        String language = single(ctx, "language");
        if (language != null) {
            language = language.trim().toLowerCase(Locale.ROOT);
            if (language.isEmpty() || language.equals("auto")) {
                language = null;
            } else if (!LANGUAGE.matcher(language).matches()) {
                throw HlasException.invalid("language", "Invalid language '" + language
                        + "': use an ISO-639-1 code such as 'cs' or 'en'.");
            }
        }
        String prompt = single(ctx, "prompt");
        if (prompt != null && prompt.length() > MAX_PROMPT_CHARS) {
            throw HlasException.invalid("prompt", "string_above_max_length", "'prompt' is longer than "
                    + MAX_PROMPT_CHARS + " characters.");
        }
        double temperature = 0;
        String t = single(ctx, "temperature");
        if (t != null && !t.isBlank()) {
            try {
                temperature = Double.parseDouble(t.trim());
            } catch (NumberFormatException e) {
                temperature = Double.NaN;
            }
            if (!(temperature >= 0 && temperature <= 1)) {
                throw HlasException.invalid("temperature", "'temperature' must be a number from 0 to 1.");
            }
        }
        ResponseFormat format = ResponseFormat.parse(single(ctx, "response_format"), "response_format");
        List<String> granularities = new ArrayList<>(ctx.formParams("timestamp_granularities[]"));
        granularities.addAll(ctx.formParams("timestamp_granularities"));
        boolean segments = granularities.isEmpty();
        boolean words = false;
        for (String g : granularities) {
            switch (g.trim()) {
                case "segment" -> segments = true;
                case "word" -> words = true;
                default -> throw HlasException.invalid("timestamp_granularities", "Invalid value '" + g
                        + "' for 'timestamp_granularities'. Supported values are: segment, word.");
            }
        }
        if (!granularities.isEmpty() && format != ResponseFormat.VERBOSE_JSON) {
            throw HlasException.invalid("timestamp_granularities", "'timestamp_granularities' is only supported "
                    + "when response_format is 'verbose_json'.");
        }
        boolean stream = truthy(ctx, "stream");
        if (stream && format != ResponseFormat.JSON && format != ResponseFormat.TEXT) {
            throw HlasException.invalid("stream", "Streaming is supported with response_format 'json' or 'text', "
                    + "not '" + format.wireName() + "'.");
        }
        return new Form(model, new RecognitionOptions(language, prompt, temperature, translate), format, segments,
                words, stream);
    }

    private void respond(Context ctx, Form form, Transcript t) {
        ctx.contentType(form.format().contentType());
        switch (form.format()) {
            case JSON -> ctx.result(Json.bytes(TranscriptText.json(t)));
            case VERBOSE_JSON -> ctx.result(Json.bytes(TranscriptText.verbose(t,
                    translate ? "translate" : "transcribe", form.segments(), form.words())));
            case TEXT -> ctx.result(TranscriptText.text(t));
            case SRT -> ctx.result(TranscriptText.srt(t));
            case VTT -> ctx.result(TranscriptText.vtt(t));
        }
    }

    /**
     * Server-sent events as OpenAI streams a transcription: a {@code transcript.text.delta} per segment, then
     * {@code transcript.text.done} with the whole text and the usage. The recognizer hands out segments when it has
     * decoded the recording, so the deltas follow each other quickly at the end.
     */
    private static void stream(Context ctx, Transcript t) throws IOException {
        ctx.contentType(SseBody.CONTENT_TYPE);
        ctx.header("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        boolean first = true;
        for (Segment s : t.segments()) {
            String delta = first ? s.text().stripLeading() : s.text();
            first = false;
            if (delta.isEmpty()) continue;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "transcript.text.delta");
            event.put("delta", delta);
            event(out, event);
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("type", "transcript.text.done");
        done.put("text", t.text());
        done.put("usage", Map.of("type", "duration", "seconds", (int) Math.ceil(t.duration())));
        event(out, done);
        out.flush();
    }

    private static void event(OutputStream out, Map<String, Object> event) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.bytes(event));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String single(Context ctx, String field) {
        List<String> values = ctx.formParams(field);
        if (values.size() > 1) {
            throw HlasException.invalid(field, "'" + field + "' was sent " + values.size() + " times; send it once.");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    private static boolean truthy(Context ctx, String field) {
        String v = single(ctx, field);
        if (v == null) return false;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw HlasException.invalid(field, "Invalid value '" + v + "' for '" + field
                    + "': use true or false.");
        };
    }

    private static String suffix(String filename) {
        if (filename == null) return ".bin";
        int dot = filename.lastIndexOf('.');
        String ext = dot < 0 ? "" : filename.substring(dot);
        return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : ".bin";
    }

    private static HlasException tooLarge(long limit) {
        return HlasException.tooLarge("file", String.format(Locale.ROOT,
                "The upload is larger than the limit of %.0f MB.", limit / 1024.0 / 1024.0));
    }

    /**
     * Reads and drops what is left of a refused upload, so the client, still sending, reads the 413 instead of a
     * connection reset (closing a socket with unread data resets it). Bodies far beyond the limit are not read: that
     * client gets the reset.
     */
    private static void discardBody(Context ctx, long limit) {
        long cap = 4 * limit + 1024 * 1024;
        if (ctx.contentLength() > cap) return;
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] sink = new byte[64 * 1024];
            long read = 0;
            for (int n; read <= cap && (n = in.read(sink)) >= 0; ) read += n;
        } catch (IOException | RuntimeException e) {
            log.debug("could not discard the rest of a refused upload", e);
        }
    }

    /** Jetty's multipart parser refuses oversized and malformed bodies with exceptions (a 400 "bad multipart"). */
    private static HlasException multipartFailure(Exception e, long limit, long contentLength) {
        if (contentLength > limit) return tooLarge(limit);
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("exceeds") || m.contains("too large") || m.contains("max")) return tooLarge(limit);
        }
        log.debug("malformed multipart body", e);
        return HlasException.invalid("file", "The multipart/form-data body could not be read: it is malformed or "
                + "incomplete.");
    }
}
