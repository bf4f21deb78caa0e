package dev.hlas.api;

import dev.hlas.speech.MarkTiming;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpokenWord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of word and sentence timings, shared by the captions route, SSE timestamp events and the WebSocket's
 * {@code words} messages.
 */
public final class CaptionsJson {
    private CaptionsJson() {
    }

    /** The word objects: {@code word, spoken, start, end, char_start, char_end, estimated}. */
    public static List<Map<String, Object>> words(List<SpokenWord> words) {
        List<Map<String, Object>> out = new ArrayList<>(words.size());
        for (SpokenWord w : words) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("word", w.word());
            m.put("spoken", w.spoken());
            m.put("start", w.start());
            m.put("end", w.end());
            m.put("char_start", w.charStart());
            m.put("char_end", w.charEnd());
            m.put("estimated", w.estimated());
            out.add(m);
        }
        return out;
    }

    /** SSML marks as {@code {"name", "time", "char_offset", "sentence"}}. */
    static List<Map<String, Object>> marks(List<MarkTiming> marks) {
        List<Map<String, Object>> out = new ArrayList<>(marks.size());
        for (MarkTiming mark : marks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", mark.name());
            m.put("time", mark.time());
            m.put("char_offset", mark.charOffset());
            m.put("sentence", mark.sentence());
            out.add(m);
        }
        return out;
    }

    /** {@code {"duration", "sentences":[…], "words":[…], "marks":[…]}}. */
    static Map<String, Object> document(double duration, List<SentenceTiming> timings) {
        List<Map<String, Object>> sentences = new ArrayList<>(timings.size());
        List<SpokenWord> words = new ArrayList<>();
        List<MarkTiming> marks = new ArrayList<>();
        for (SentenceTiming t : timings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", t.text());
            m.put("start", t.start());
            m.put("end", t.end());
            m.put("char_start", t.charStart());
            m.put("char_end", t.charEnd());
            m.put("language", t.language());
            m.put("voice", t.voice());
            sentences.add(m);
            words.addAll(t.words());
            marks.addAll(t.marks());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("duration", Math.round(duration * 1e6) / 1e6);
        out.put("sentences", sentences);
        out.put("words", words(words));
        out.put("marks", marks(marks));
        return out;
    }
}
