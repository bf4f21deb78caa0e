package dev.hlas.api;

import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.HlasException;
import dev.hlas.voice.VoiceRegistry;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models}, {@code GET /v1/models/{id}}, {@code GET /v1/audio/voices}. */
final class CatalogHandlers {
    /** 2026-11-21T00:00:00Z: when this server's models were first published. */
    static final long CREATED = 1_795_219_200L;
    static final List<String> MODELS = List.of("hlas", "tts-1", "tts-1-hd", "gpt-4o-mini-tts");
    private static final List<String> ALIAS_LANGUAGES = List.of("en", "cs", "sk", "de");

    private final VoiceRegistry voices;

    CatalogHandlers(VoiceRegistry voices) {
        this.voices = voices;
    }

    void models(Context ctx) {
        List<Map<String, Object>> data = MODELS.stream().map(CatalogHandlers::model).toList();
        json(ctx, Map.of("object", "list", "data", data));
    }

    void model(Context ctx) {
        String id = ctx.pathParam("id");
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

    void voices(Context ctx) {
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
