package dev.hlas.stt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a transcript in a {@link ResponseFormat}: the JSON bodies as maps (the transport serializes them), the
 * text formats as strings. Shared by the HTTP handler and {@code hlas transcribe}.
 */
public final class TranscriptText {
    private TranscriptText() {
    }

    /** {@code {"text": …}} plus {@code usage} (seconds of input audio), as OpenAI answers {@code json}. */
    public static Map<String, Object> json(Transcript t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", t.text());
        body.put("usage", Map.of("type", "duration", "seconds", (int) Math.ceil(t.duration())));
        return body;
    }

    /**
     * {@code verbose_json}: task, language, duration, text, segments (with the fields OpenAI clients read) and, when
     * asked for, words.
     *
     * @param task     {@code transcribe} or {@code translate}
     * @param segments include {@code segments}
     * @param words    include {@code words}
     */
    public static Map<String, Object> verbose(Transcript t, String task, boolean segments, boolean words) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("language", languageName(t.language()));
        body.put("duration", round(t.duration()));
        body.put("text", t.text());
        if (segments) {
            body.put("segments", t.segments().stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("seek", 0);
                m.put("start", round(s.start()));
                m.put("end", round(s.end()));
                m.put("text", s.text());
                m.put("tokens", List.of());
                m.put("temperature", 0.0);
                m.put("avg_logprob", 0.0);
                m.put("compression_ratio", 0.0);
                m.put("no_speech_prob", 0.0);
                return m;
            }).toList());
        }
        if (words) {
            body.put("words", t.words().stream().map(w -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("word", w.word());
                m.put("start", w.start());
                m.put("end", w.end());
                return m;
            }).toList());
        }
        body.put("usage", Map.of("type", "duration", "seconds", (int) Math.ceil(t.duration())));
        return body;
    }

    /** Plain text, one line, ending with a newline. */
    public static String text(Transcript t) {
        return t.text() + "\n";
    }

    /** SubRip: one numbered cue per segment with a non-blank text. */
    public static String srt(Transcript t) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Segment s : t.segments()) {
            if (s.text().isBlank()) continue;
            out.append(++n).append('\n').append(clock(s.start(), ',')).append(" --> ").append(clock(s.end(), ','))
                    .append('\n').append(s.text().trim()).append("\n\n");
        }
        return out.toString();
    }

    /** WebVTT: the header and one cue per segment with a non-blank text. */
    public static String vtt(Transcript t) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Segment s : t.segments()) {
            if (s.text().isBlank()) continue;
            out.append(clock(s.start(), '.')).append(" --> ").append(clock(s.end(), '.')).append('\n')
                    .append(s.text().trim()).append("\n\n");
        }
        return out.toString();
    }

    /** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (VTT). */
    static String clock(double seconds, char separator) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                separator, ms % 1000);
    }

    /** OpenAI reports the language's English name in lower case ({@code czech}); unknown codes are passed through. */
    static String languageName(String code) {
        if (code == null) return "unknown";
        String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? code : name.toLowerCase(Locale.ROOT);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
