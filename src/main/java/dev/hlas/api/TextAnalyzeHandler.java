package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.StreamFormat;
import dev.hlas.text.Delivery;
import dev.hlas.text.GivenPhonemes;
import dev.hlas.text.Mark;
import dev.hlas.text.PronunciationMatch;
import dev.hlas.text.Sentence;
import dev.hlas.text.TextSpan;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/text/analyze} (Hlas extension): shows what the text front-end does with an input without
 * synthesizing it — each sentence's normalized text, its span in the original, the detected language, the voice
 * that would speak it, and the offset map. Body: {@code input} (or {@code text}), optional {@code voice} (default
 * {@code alloy}), {@code lang}, {@code normalize}.
 */
final class TextAnalyzeHandler {
    private final SpeechService speech;
    private final int maxInputChars;

    TextAnalyzeHandler(SpeechService speech, int maxInputChars) {
        this.speech = speech;
        this.maxInputChars = maxInputChars;
    }

    void handle(Context ctx) {
        JsonNode root = SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        String input = SpeechRequestParser.input(root, root.has("text") && !root.has("input") ? "text" : "input",
                maxInputChars);
        String voice = SpeechRequestParser.optionalString(root, "voice");
        if (voice == null || voice.isBlank()) voice = "alloy";
        String lang = SpeechRequestParser.language(root);
        boolean normalize = SpeechRequestParser.optionalBoolean(root, "normalize", true);
        SpeechRequest request = new SpeechRequest("hlas", input, voice.trim(), AudioFormat.PCM, 1.0,
                StreamFormat.AUDIO, null, null, null, lang, normalize, null, null, null, null,
                SpeechRequestParser.lexicons(root), SpeechRequestParser.inputFormat(root));
        SpeechPlan plan = speech.plan(request);
        List<Map<String, Object>> sentences = new ArrayList<>();
        for (PlannedSentence p : plan.sentences()) sentences.add(describe(input, p));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "text.analysis");
        body.put("languages", List.copyOf(plan.languages()));
        body.put("voices", List.copyOf(plan.voiceIds()));
        body.put("sentences", sentences);
        body.put("lexicons", plan.lexicons());
        body.put("warnings", plan.warnings());
        ctx.header("X-Language", String.join(",", plan.languages()));
        ctx.header("X-Voice", String.join(",", plan.voiceIds()));
        CatalogHandlers.json(ctx, body);
    }

    private static Map<String, Object> describe(String input, PlannedSentence p) {
        Sentence s = p.sentence();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.text());
        m.put("original", input.substring(s.start(), s.end()));
        m.put("start", s.start());
        m.put("end", s.end());
        m.put("language", s.language());
        m.put("language_confidence", Math.round(s.decision().confidence() * 100) / 100.0);
        m.put("language_source", s.decision().source().label());
        m.put("detected_language", s.decision().detected());
        m.put("voice", p.voice().id());
        List<Map<String, Object>> spans = new ArrayList<>();
        for (TextSpan span : s.spans()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("start", span.start());
            sm.put("end", span.end());
            sm.put("original_start", span.originalStart());
            sm.put("original_end", span.originalEnd());
            spans.add(sm);
        }
        m.put("spans", spans);
        Delivery d = s.delivery();
        m.put("pronunciations", matches(d));
        List<Map<String, Object>> given = new ArrayList<>();
        for (GivenPhonemes g : d.phonemes()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("start", g.start());
            gm.put("end", g.end());
            gm.put("text", s.text().substring(g.start(), g.end()));
            gm.put("phonemes", g.phonemes());
            gm.put("alias", g.alias());
            gm.put("source", g.source());
            given.add(gm);
        }
        m.put("phonemes_given", given);
        m.put("break_after_ms", d.breakAfterMillis());
        m.put("rate", d.rate());
        List<Map<String, Object>> marks = new ArrayList<>();
        for (Mark mark : d.marks()) {
            marks.add(Map.of("name", mark.name(), "offset", mark.offset(), "original_offset", mark.originalOffset()));
        }
        m.put("marks", marks);
        return m;
    }

    /** Which lexicon entries and SSML elements changed the reading, and where in the input. */
    static List<Map<String, Object>> matches(Delivery d) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PronunciationMatch pm : d.matches()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("source", pm.source());
            mm.put("grapheme", pm.grapheme());
            mm.put("alias", pm.alias());
            mm.put("phonemes", pm.phonemes());
            mm.put("original_start", pm.originalStart());
            mm.put("original_end", pm.originalEnd());
            out.add(mm);
        }
        return out;
    }
}
