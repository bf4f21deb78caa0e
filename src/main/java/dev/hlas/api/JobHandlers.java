package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.error.HlasException;
import dev.hlas.jobs.ChapterText;
import dev.hlas.jobs.JobService;
import dev.hlas.jobs.JobState;
import dev.hlas.jobs.JobStatus;
import dev.hlas.jobs.SentenceMark;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SpeechRequest;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/audio/speech/jobs}: long-form speech rendered in the background ({@link JobService}). A job belongs to
 * the account that created it (its API key, or its client address when keys are off); another account gets 404.
 */
final class JobHandlers {
    static final String PATH = "/v1/audio/speech/jobs";
    private final JobService jobs;
    private final SpeechRequestParser parser = new SpeechRequestParser(Integer.MAX_VALUE);

    JobHandlers(JobService jobs) {
        this.jobs = jobs;
    }

    /** {@code POST}: a speech request body whose {@code input} may be long, or {@code chapters: [{title, input}]}. */
    void create(Context ctx) {
        JsonNode body = SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        List<ChapterText> chapters = chapters(body);
        ObjectNode settings = ((ObjectNode) body).deepCopy();
        settings.remove("chapters");
        settings.put("input", "-"); // the text is checked by the job service; every other field as for speech
        SpeechRequest request = parser.parse(settings);
        JobStatus status = jobs.create(request, chapters, owner(ctx));
        ctx.status(202);
        ctx.header("Location", PATH + "/" + status.id());
        CatalogHandlers.json(ctx, json(status));
    }

    private static List<ChapterText> chapters(JsonNode body) {
        JsonNode chapters = body.get("chapters");
        JsonNode input = body.get("input");
        if (chapters == null || chapters.isNull()) {
            if (input == null || input.isNull()) {
                throw HlasException.invalid("input", "missing_required_parameter",
                        "Missing required parameter: 'input' (or 'chapters').");
            }
            if (!input.isTextual()) throw HlasException.invalid("input", "'input' must be a string.");
            return List.of(new ChapterText(null, input.textValue()));
        }
        if (input != null && !input.isNull()) {
            throw HlasException.invalid("chapters", "Give either 'input' or 'chapters', not both.");
        }
        if (!chapters.isArray() || chapters.isEmpty()) {
            throw HlasException.invalid("chapters", "'chapters' must be a non-empty array of {title, input}.");
        }
        List<ChapterText> out = new ArrayList<>();
        for (int i = 0; i < chapters.size(); i++) {
            JsonNode c = chapters.get(i);
            JsonNode text = c.get("input");
            JsonNode title = c.get("title");
            if (!c.isObject() || text == null || !text.isTextual()) {
                throw HlasException.invalid("chapters", "chapters[" + i + "] must be an object with a string 'input'.");
            }
            if (title != null && !title.isNull() && !title.isTextual()) {
                throw HlasException.invalid("chapters", "chapters[" + i + "].title must be a string.");
            }
            out.add(new ChapterText(title == null || title.isNull() ? null : title.textValue(), text.textValue()));
        }
        return out;
    }

    void list(Context ctx) {
        List<Map<String, Object>> data = jobs.list(owner(ctx)).stream().map(JobHandlers::json).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        CatalogHandlers.json(ctx, body);
    }

    void status(Context ctx) {
        CatalogHandlers.json(ctx, json(jobs.status(ctx.pathParam("id"), owner(ctx))));
    }

    void delete(Context ctx) {
        CatalogHandlers.json(ctx, json(jobs.delete(ctx.pathParam("id"), owner(ctx))));
    }

    /** The finished audio, or {@code ?chapter=n}; {@code Range} requests are answered with 206. */
    void content(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Integer chapter = null;
        String c = ctx.queryParam("chapter");
        if (c != null) {
            try {
                chapter = Integer.parseInt(c.strip());
            } catch (NumberFormatException e) {
                throw HlasException.invalid("chapter", "'chapter' must be a chapter number (0, 1, …): " + c);
            }
        }
        JobStatus status = jobs.status(id, owner(ctx));
        Path file = jobs.content(id, owner(ctx), chapter);
        String type = AudioFormat.fromWire(status.format()).orElseThrow().contentType();
        serveFile(ctx, file, type, status.format());
    }

    /** WebVTT with one cue per sentence, timed in the finished file. */
    void captions(Context ctx) {
        List<SentenceMark> marks = jobs.marks(ctx.pathParam("id"), owner(ctx));
        List<SubtitleCues.Cue> cues = new ArrayList<>();
        for (SentenceMark m : marks) {
            if (!m.text().isEmpty() && m.end() > m.start()) {
                cues.add(new SubtitleCues.Cue(m.start(), m.end(), SubtitleCues.wrap(m.text())));
            }
        }
        ctx.contentType("text/vtt; charset=utf-8");
        ctx.result(SubtitleCues.vtt(cues).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Server-sent {@code progress} events, one whenever the status changed (looked at five times a second) or every
     * 15 s, until the job is finished (then one {@code done} event).
     */
    void events(Context ctx) throws IOException, InterruptedException {
        String id = ctx.pathParam("id");
        String owner = owner(ctx);
        JobStatus status = jobs.status(id, owner);
        ctx.status(200);
        ctx.contentType("text/event-stream");
        ctx.header("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        int lastDone = -1;
        JobState lastState = null;
        long lastSent = 0;
        while (true) {
            boolean finished = status.state() == JobState.COMPLETED || status.state() == JobState.FAILED
                    || status.state() == JobState.CANCELLED;
            boolean changed = status.sentencesDone() != lastDone || status.state() != lastState;
            if (changed || System.nanoTime() - lastSent > 15_000_000_000L) {
                String event = finished ? "done" : "progress";
                out.write(("event: " + event + "\ndata: " + new String(Json.bytes(json(status)),
                        StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastDone = status.sentencesDone();
                lastState = status.state();
                lastSent = System.nanoTime();
            }
            if (finished || jobs.closed()) return; // a stopping server does not wait for a job's events
            Thread.sleep(200);
            try {
                status = jobs.status(id, owner);
            } catch (HlasException e) { // deleted meanwhile
                out.write(("event: done\ndata: {\"id\":" + Json.quote(id) + ",\"status\":\"cancelled\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
        }
    }

    static String owner(Context ctx) {
        RequestRecord record = ServingFilters.record(ctx);
        return record == null ? "client-local" : Metrics.account(record);
    }

    static Map<String, Object> json(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("object", "speech.job");
        m.put("status", s.state().wireName());
        m.put("created_at", s.createdAt());
        m.put("finished_at", s.finishedAt());
        m.put("response_format", s.format());
        m.put("voice", s.voice());
        m.put("sample_rate", s.sampleRate());
        m.put("characters", s.characters());
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("sentences_done", s.sentencesDone());
        progress.put("sentences_total", s.sentencesTotal());
        progress.put("characters_done", s.charactersDone());
        progress.put("audio_seconds", Math.round(s.audioSeconds() * 1000) / 1000.0);
        progress.put("eta_seconds", s.etaSeconds());
        m.put("progress", progress);
        List<Map<String, Object>> chapters = new ArrayList<>();
        for (JobStatus.Chapter c : s.chapters()) {
            Map<String, Object> ch = new LinkedHashMap<>();
            ch.put("index", c.index());
            ch.put("title", c.title());
            ch.put("sentences", c.sentences());
            ch.put("start_seconds", c.startSeconds() == null ? null : Math.round(c.startSeconds() * 1000) / 1000.0);
            ch.put("duration_seconds", c.durationSeconds() == null ? null
                    : Math.round(c.durationSeconds() * 1000) / 1000.0);
            chapters.add(ch);
        }
        m.put("chapters", chapters);
        m.put("error", s.error() == null ? null : Map.of("message", s.error()));
        if (s.state() == JobState.COMPLETED) m.put("content_url", PATH + "/" + s.id() + "/content");
        return m;
    }

    /** Sends a file whole or, for a single {@code Range: bytes=a-b}, the part asked for (206). */
    private static void serveFile(Context ctx, Path file, String contentType, String extension) throws IOException {
        long length = Files.size(file);
        ctx.contentType(contentType);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("id") + "." + extension + "\"");
        long from = 0;
        long to = length - 1;
        String range = ctx.header("Range");
        if (range != null) {
            long[] r = parseRange(range, length);
            if (r == null) {
                ctx.header("Content-Range", "bytes */" + length);
                ErrorMapper.write(ctx, new ErrorMapper.HttpError(416, "invalid_request_error", "Range " + range
                        + " cannot be satisfied: the file is " + length + " bytes long.", "Range",
                        "range_not_satisfiable", null));
                return;
            }
            from = r[0];
            to = r[1];
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + from + "-" + to + "/" + length);
        } else {
            ctx.status(200);
        }
        long count = to - from + 1;
        ctx.res().setContentLengthLong(count);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = count;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) break;
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
        }
    }

    /** {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}; null when not satisfiable or not understood. */
    static long[] parseRange(String header, long length) {
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.contains(",")) return null;
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            long from;
            long to;
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0) return null;
                from = Math.max(0, length - n);
                to = length - 1;
            } else {
                from = Long.parseLong(a);
                to = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            }
            if (from < 0 || from >= length || to < from) return null;
            return new long[]{from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
