package dev.hlas.api;

import dev.hlas.config.ServingConfig;
import dev.hlas.error.HlasException;
import dev.hlas.text.Lexicon;
import dev.hlas.text.LexiconJson;
import dev.hlas.text.LexiconStore;
import dev.hlas.text.PlsFormat;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pronunciation lexicons (Hlas extension): {@code GET /v1/audio/lexicons} lists them; {@code GET}, {@code PUT} and
 * {@code DELETE /v1/audio/lexicons/{name}} read, create or replace, and delete one, as JSON or as W3C PLS
 * ({@code Content-Type} / {@code Accept: application/pls+xml}, or {@code ?format=pls}). Writing needs an admin key
 * when API keys are on. A change applies to the next request.
 */
final class LexiconHandlers {
    private final LexiconStore store;
    private static final String WRITE_REFUSED =
            "Changing lexicons needs an admin key (--admin-keys); this key may only read them.";
    private final AdminGate admin;

    LexiconHandlers(LexiconStore store, ServingConfig serving) {
        this.store = store;
        this.admin = new AdminGate(serving);
    }

    void list(Context ctx) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Lexicon l : store.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object", "lexicon");
            m.put("name", l.name());
            m.put("language", l.language());
            m.put("version", l.version());
            m.put("entries", l.entries().size());
            data.add(m);
        }
        CatalogHandlers.json(ctx, Map.of("object", "list", "data", data));
    }

    void get(Context ctx) {
        Lexicon lexicon = find(ctx.pathParam("name"));
        if (wantsPls(ctx)) {
            ctx.contentType(PlsFormat.MEDIA_TYPE + "; charset=utf-8");
            ctx.result(PlsFormat.write(lexicon).getBytes(StandardCharsets.UTF_8));
        } else {
            CatalogHandlers.json(ctx, LexiconJson.tree(lexicon));
        }
    }

    void put(Context ctx) {
        if (!admin.allows(ctx, WRITE_REFUSED)) return;
        String name = validName(ctx.pathParam("name"));
        byte[] body = ctx.bodyAsBytes();
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        boolean pls = type.contains("xml") || new String(body, StandardCharsets.UTF_8).stripLeading().startsWith("<");
        Lexicon lexicon = pls ? PlsFormat.read(new String(body, StandardCharsets.UTF_8), name)
                : LexiconJson.read(body, name);
        boolean existed = store.put(lexicon);
        ctx.status(existed ? 200 : 201);
        CatalogHandlers.json(ctx, LexiconJson.tree(lexicon));
    }

    void delete(Context ctx) {
        if (!admin.allows(ctx, WRITE_REFUSED)) return;
        String name = validName(ctx.pathParam("name"));
        if (!store.delete(name)) throw notFound(name);
        CatalogHandlers.json(ctx, Map.of("object", "lexicon.deleted", "name", name, "deleted", true));
    }

    private Lexicon find(String name) {
        return store.get(validName(name)).orElseThrow(() -> notFound(name));
    }

    private static HlasException notFound(String name) {
        return HlasException.notFound("name", "No lexicon '" + name + "'. GET /v1/audio/lexicons lists them.");
    }

    private static String validName(String name) {
        if (!Lexicon.validName(name)) {
            throw HlasException.invalid("name", "Lexicon names are 1–64 characters of a-z, 0-9, _ and -, starting "
                    + "with a letter or digit.");
        }
        return name;
    }


    private static boolean wantsPls(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) return format.equalsIgnoreCase("pls");
        String accept = ctx.header("Accept");
        return accept != null && accept.contains(PlsFormat.MEDIA_TYPE);
    }
}
