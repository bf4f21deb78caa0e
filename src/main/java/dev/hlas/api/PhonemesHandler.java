package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.PhonemeInspectable;
import dev.hlas.engine.PhonemeWord;
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
import java.util.Map;

/**
 * {@code POST /v1/audio/phonemes}, a debugging extension: shows how the server would read a text, without
 * synthesizing. Body {@code {"input": "…", "voice": "alloy", "lang": "cs", "speaker": …}} (as for speech); answer
 * {@code {"voice": "alloy", "sentences": [{"text", "language", "voice", "engine", "phonemes", "ids",
 * "unknown_phonemes", "words"}]}}, one entry per model run; {@code words} (Kokoro) lists each word with its
 * phonemes and their source ({@code gold}, {@code silver}, {@code rule}, {@code espeak}, {@code lexicon}). Voices that do not use phoneme ids (espeak-ng's own synthesizer)
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
        JsonNode root = SpeechRequestParser.parseJson(ctx.bodyAsBytes());
        String input = SpeechRequestParser.input(root, "input", maxInputChars);
        String voice = SpeechRequestParser.optionalString(root, "voice");
        if (voice == null || voice.isBlank()) voice = "alloy";
        String lang = SpeechRequestParser.language(root);
        String speaker = SpeechRequestParser.speaker(root);
        boolean normalize = SpeechRequestParser.optionalBoolean(root, "normalize", true);

        SpeechPlan plan = speech.plan(new SpeechRequest("tts-1", input, voice.strip(), AudioFormat.WAV, 1.0,
                StreamFormat.AUDIO, null, null, null, lang, normalize, null, null, null, speaker,
                SpeechRequestParser.lexicons(root), SpeechRequestParser.inputFormat(root)));
        List<Map<String, Object>> sentences = new ArrayList<>();
        for (PlannedSentence s : plan.sentences()) {
            EngineVoice v = s.voice().voice();
            if (v instanceof PhonemeInspectable inspectable) {
                for (PhonemeIds p : inspectable.phonemes(s.utterance())) {
                    Map<String, Object> m = entry(s);
                    m.put("phonemes", p.phonemes());
                    m.put("ids", Arrays.stream(p.ids()).boxed().toList());
                    m.put("unknown_phonemes", p.unknown());
                    if (!p.words().isEmpty()) m.put("words", p.words().stream().map(PhonemesHandler::word).toList());
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
        body.put("lexicons", plan.lexicons());
        body.put("warnings", plan.warnings());
        CatalogHandlers.json(ctx, body);
    }

    private static Map<String, Object> word(PhonemeWord w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", w.text());
        m.put("phonemes", w.phonemes());
        m.put("source", w.source());
        return m;
    }

    private static Map<String, Object> entry(PlannedSentence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.sentence().text());
        m.put("language", s.sentence().language());
        m.put("voice", s.voice().id());
        m.put("engine", s.voice().engine().id());
        m.put("pronunciations", TextAnalyzeHandler.matches(s.sentence().delivery()));
        return m;
    }
}
