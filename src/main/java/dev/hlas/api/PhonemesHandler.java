package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.PhonemeInspectable;
import dev.hlas.error.HlasException;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.StreamFormat;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/audio/phonemes}, a debugging extension: shows how the server would read a text, without
 * synthesizing. Body {@code {"input": "…", "voice": "alloy", "lang": "cs", "speaker": …}} (as for speech); answer
 * {@code {"voice": "alloy", "sentences": [{"text", "language", "voice", "engine", "phonemes", "ids",
 * "unknown_phonemes"}]}}, one entry per model run. Voices that do not use phoneme ids (espeak-ng's own synthesizer)
 * answer {@code phonemes: null}.
 */
final class PhonemesHandler {
    private final SpeechService speech;
    private final int maxInputChars;

    PhonemesHandler(SpeechService speech, int maxInputChars) {
        this.speech = speech;
        this.maxInputChars = maxInputChars;
    }

    void handle(Context ctx) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            throw HlasException.invalid(null, "The body must be a JSON object such as {\"input\":\"Dobrý den.\","
                    + "\"voice\":\"alloy\"}.");
        }
        if (root == null || !root.isObject()) throw HlasException.invalid(null, "The body must be a JSON object.");
        String input = string(root, "input", true);
        if (input.isBlank()) throw HlasException.invalid("input", "'input' must not be empty.");
        if (input.codePointCount(0, input.length()) > maxInputChars) {
            throw HlasException.invalid("input", "string_above_max_length", "'input' is longer than " + maxInputChars
                    + " characters.");
        }
        String voice = string(root, "voice", false);
        if (voice == null || voice.isBlank()) voice = "alloy";
        String lang = string(root, "lang", false);
        if (lang != null) {
            lang = lang.strip().replace('_', '-').toLowerCase(Locale.ROOT);
            if (!lang.matches("auto|[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
                throw HlasException.invalid("lang", "'lang' must be a language code such as 'cs' or 'en', or 'auto'.");
            }
            if (lang.equals("auto")) lang = null;
        }
        JsonNode speakerNode = root.get("speaker");
        String speaker = speakerNode == null || speakerNode.isNull() ? null : speakerNode.asText();
        JsonNode normalizeNode = root.get("normalize");
        boolean normalize = normalizeNode == null || !normalizeNode.isBoolean() || normalizeNode.booleanValue();

        SpeechPlan plan = speech.plan(new SpeechRequest("tts-1", input, voice.strip(), AudioFormat.WAV, 1.0,
                StreamFormat.AUDIO, null, null, null, lang, normalize, null, null, null, speaker));
        List<Map<String, Object>> sentences = new ArrayList<>();
        for (PlannedSentence s : plan.sentences()) {
            EngineVoice v = s.voice().voice();
            if (v instanceof PhonemeInspectable inspectable) {
                for (PhonemeIds p : inspectable.phonemes(s.sentence().text())) {
                    Map<String, Object> m = entry(s);
                    m.put("phonemes", p.phonemes());
                    m.put("ids", Arrays.stream(p.ids()).boxed().toList());
                    m.put("unknown_phonemes", p.unknown());
                    sentences.add(m);
                }
            } else {
                Map<String, Object> m = entry(s);
                m.put("phonemes", null);
                m.put("ids", null);
                m.put("unknown_phonemes", List.of());
                sentences.add(m);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("voice", voice);
        body.put("sentences", sentences);
        CatalogHandlers.json(ctx, body);
    }

    private static Map<String, Object> entry(PlannedSentence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.sentence().text());
        m.put("language", s.sentence().language());
        m.put("voice", s.voice().id());
        m.put("engine", s.voice().engine().id());
        return m;
    }

    private static String string(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw HlasException.invalid(field, "missing_required_parameter", "Missing required parameter: '"
                        + field + "'.");
            }
            return null;
        }
        if (!node.isTextual()) throw HlasException.invalid(field, "invalid_type", "'" + field + "' must be a string.");
        return node.textValue();
    }
}
