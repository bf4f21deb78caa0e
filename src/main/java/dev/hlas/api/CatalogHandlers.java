package dev.hlas.api;

import dev.hlas.engine.TranscriptionRelay.RelayModel;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.HlasException;
import dev.hlas.stt.RecognizerModel;
import dev.hlas.voice.VoiceRegistry;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog reads: {@code GET /v1/models}, {@code GET /v1/models/{id}}, {@code GET /v1/audio/models} (the shape
 * Open WebUI reads) and {@code GET /v1/audio/voices} (objects, or with {@code ?legacy=true} plain id strings, the shape
 * Kokoro-FastAPI served before 0.3 and some Home Assistant integrations still parse).
 */
final class CatalogHandlers {
    /** 2026-11-21T00:00:00Z: when this server's models were first published. */
    static final long CREATED = 1_795_219_200L;
    static final List<String> MODELS = List.of("hlas", "tts-1", "tts-1-hd", "gpt-4o-mini-tts");
    /** Display names of {@link #MODELS}: every model reads with the same voices, the name says so. */
    private static final Map<String, String> MODEL_NAMES = Map.of(
            "hlas", "Hlas (best installed voice per language)",
            "tts-1", "tts-1 (OpenAI name, served by Hlas)",
            "tts-1-hd", "tts-1-hd (OpenAI name, served by Hlas)",
            "gpt-4o-mini-tts", "gpt-4o-mini-tts (OpenAI name, served by Hlas)");
    private static final List<String> CATALOG_PATHS = List.of("/v1/models", "/v1/audio/models", "/v1/audio/voices");
    private static final List<String> ALIAS_LANGUAGES = List.of("en", "cs", "sk", "de");

    private final VoiceRegistry voices;
    private final Supplier<List<RecognizerModel>> recognition;
    private final Supplier<List<RelayModel>> relayed;

    CatalogHandlers(VoiceRegistry voices) {
        this(voices, List::of, List::of);
    }

    /**
     * With the installed speech recognition models and those upstreams serve ({@code relayed}), listed after the
     * speech models with {@code "type"}.
     */
    CatalogHandlers(VoiceRegistry voices, Supplier<List<RecognizerModel>> recognition,
                    Supplier<List<RelayModel>> relayed) {
        this.voices = voices;
        this.recognition = recognition;
        this.relayed = relayed;
    }

    void models(Context ctx) {
        List<Map<String, Object>> data = new ArrayList<>(MODELS.stream().map(CatalogHandlers::model).toList());
        data.addAll(recognitionModels());
        json(ctx, Map.of("object", "list", "data", data));
    }

    /**
     * Speech-to-text models: {@code whisper-1} (the OpenAI name, answered by the default model) when any is
     * installed, then each installed model; each with {@code "type": "speech-to-text"}, its engine and licence. Then
     * the models upstreams serve, as {@code <upstream>:<model>} and by plain name (unless a local model has it),
     * owned by the upstream.
     */
    private List<Map<String, Object>> recognitionModels() {
        List<Map<String, Object>> out = localRecognitionModels();
        for (RelayModel m : relayed.get()) {
            if (out.stream().anyMatch(e -> e.get("id").equals(m.id()))) continue;
            Map<String, Object> entry = model(m.id());
            entry.put("owned_by", m.owner());
            entry.put("type", "speech-to-text");
            entry.put("engine", "remote");
            out.add(entry);
        }
        return out;
    }

    private List<Map<String, Object>> localRecognitionModels() {
        List<RecognizerModel> installed = recognition.get();
        List<Map<String, Object>> out = new ArrayList<>();
        if (installed.isEmpty()) return out;
        Map<String, Object> alias = model("whisper-1");
        alias.put("type", "speech-to-text");
        alias.put("engine", installed.getFirst().engine());
        out.add(alias);
        for (RecognizerModel m : installed) {
            Map<String, Object> entry = model(m.id());
            entry.put("type", "speech-to-text");
            entry.put("engine", m.engine());
            entry.put("licence", m.licence());
            entry.put("multilingual", m.multilingual());
            out.add(entry);
        }
        return out;
    }

    void model(Context ctx) {
        String id = ctx.pathParam("id");
        for (Map<String, Object> m : recognitionModels()) {
            if (m.get("id").equals(id)) {
                json(ctx, m);
                return;
            }
        }
        if (!MODELS.contains(id)) {
            throw HlasException.notFound("model", "The model '" + id + "' does not exist. Available: "
                    + String.join(", ", MODELS) + ".");
        }
        json(ctx, model(id));
    }

    private static Map<String, Object> model(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", CREATED);
        m.put("owned_by", "hlas");
        return m;
    }

    /** Whether {@code path} is one of the catalog reads (for {@code --public-catalog}). */
    static boolean isCatalogPath(String path) {
        return CATALOG_PATHS.contains(path) || path.startsWith("/v1/models/");
    }

    /** {@code GET /v1/audio/models}: {@code {"models":[{"id","name"}]}}. */
    void audioModels(Context ctx) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : MODELS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", MODEL_NAMES.get(id));
            list.add(m);
        }
        json(ctx, Map.of("models", list));
    }

    void voices(Context ctx) {
        String legacy = ctx.queryParam("legacy");
        if (legacy != null && !legacy.equals("true") && !legacy.equals("false")) {
            throw HlasException.invalid("legacy", "Invalid value '" + legacy + "' for 'legacy'. Use true or false.");
        }
        if ("true".equals(legacy)) {
            List<String> ids = new ArrayList<>(voices.aliases().names().stream().sorted().toList());
            for (VoiceInfo info : voices.voices()) ids.add(info.id());
            json(ctx, Map.of("voices", ids));
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (String alias : voices.aliases().names().stream().sorted().toList()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", alias);
            v.put("name", alias);
            v.put("type", "alias");
            Map<String, String> resolves = new LinkedHashMap<>();
            for (String lang : ALIAS_LANGUAGES) {
                try {
                    resolves.put(lang, voices.resolve(alias, lang).id());
                } catch (HlasException ignored) {
                    // no voice speaks this language
                }
            }
            v.put("languages", List.copyOf(resolves.keySet()));
            v.put("voices", resolves);
            v.put("installed", true);
            list.add(v);
        }
        for (VoiceInfo info : voices.voices()) {
            Map<String, Object> v = voice(info);
            List<String> speakers = voices.speakers(info);
            if (!speakers.isEmpty()) v.put("speakers", speakers);
            voices.g2p(info).ifPresent(g2p -> v.put("g2p", g2p));
            list.add(v);
        }
        json(ctx, Map.of("voices", list));
    }

    private static Map<String, Object> voice(VoiceInfo info) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", info.id());
        v.put("name", info.name());
        v.put("type", "voice");
        v.put("engine", info.engine());
        v.put("language", info.languages().getFirst());
        v.put("languages", info.languages());
        v.put("sample_rate", info.sampleRate());
        v.put("gender", info.gender().wireName());
        v.put("licence", info.licence());
        v.put("installed", true);
        return v;
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json");
        ctx.result(Json.bytes(body));
    }

}
