package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.error.HlasException;
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
import java.util.Locale;
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
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            throw HlasException.invalid(null, "The body must be a JSON object, e.g. {\"input\":\"Dnes je 21. 11.\"}.");
        }
        if (root == null || !root.isObject()) throw HlasException.invalid(null, "The body must be a JSON object.");
        String field = root.has("input") ? "input" : "text";
        String input = string(root, field);
        if (input == null) {
            throw HlasException.invalid("input", "missing_required_parameter", "Missing required parameter: 'input'.");
        }
        if (input.isBlank()) throw HlasException.invalid(field, "'" + field + "' must not be empty.");
        if (input.codePointCount(0, input.length()) > maxInputChars) {
            throw HlasException.invalid(field, "string_above_max_length", "'" + field + "' is longer than "
                    + maxInputChars + " characters.");
        }
        String voice = string(root, "voice");
        if (voice == null || voice.isBlank()) voice = "alloy";
        String lang = language(root);
        JsonNode normalizeNode = root.get("normalize");
        if (normalizeNode != null && !normalizeNode.isNull() && !normalizeNode.isBoolean()) {
            throw HlasException.invalid("normalize", "invalid_type", "Invalid type for 'normalize': expected a boolean.");
        }
        boolean normalize = normalizeNode == null || normalizeNode.isNull() || normalizeNode.booleanValue();
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

    private static String string(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) {
            throw HlasException.invalid(field, "invalid_type", "Invalid type for '" + field + "': expected a string.");
        }
        return node.textValue();
    }

    private static String language(JsonNode root) {
        String lang = string(root, "lang");
        if (lang == null) lang = string(root, "language");
        if (lang == null || lang.isBlank()) return null;
        String normalized = lang.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        if (!normalized.matches("auto|[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            throw HlasException.invalid("lang", "'lang' must be a language code such as 'cs' or 'en', or 'auto'.");
        }
        return normalized.equals("auto") ? null : normalized;
    }
}
