package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.StreamFormat;
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
                StreamFormat.AUDIO, null, null, null, lang, normalize, null, null, null, null);
        SpeechPlan plan = speech.plan(request);
        List<Map<String, Object>> sentences = new ArrayList<>();
        for (PlannedSentence p : plan.sentences()) sentences.add(describe(input, p));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "text.analysis");
        body.put("languages", List.copyOf(plan.languages()));
        body.put("voices", List.copyOf(plan.voiceIds()));
        body.put("sentences", sentences);
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
        return m;
    }
}
