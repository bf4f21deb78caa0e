package dev.hlas.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.HlasException;
import dev.hlas.ops.RequestSummary;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.voice.VoiceRegistry;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The web console's server side. With the UI on: {@code GET /} (the single-page console) and its assets under
 * {@code /console/}. Always: {@code GET /metrics/summary} and {@code GET /metrics/recent} (the observatory's data;
 * the same paths as supertonic-server's), {@code GET /redoc} (ReDoc over {@code /openapi.json}),
 * {@code GET /v1/console/voices} (installed and downloadable voices) and {@code POST|GET
 * /v1/admin/voices/{id}/pull} (download a voice from the catalog and poll its progress; admin only).
 *
 * <p>Every asset is read from the jar: nothing the console shows is fetched from another host.
 */
public final class ConsoleRoutes {
    /** The console's files, served from {@code /console/<name>} (and {@code index.html} at {@code /}). */
    static final Map<String, String> ASSETS = Map.of("index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8", "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    static final String REDOC = webjarVersion("org.webjars.npm", "redoc");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HlasConfig config;
    private final VoiceRegistry voices;
    private final EngineScheduler scheduler;
    private final RequestSummary summary;
    private final ApiKeys keys;
    private final ApiKeys adminKeys;
    private final Catalog catalog;
    private final VoiceStore store;
    private final VoicePulls pulls;
    private final Map<String, byte[]> assets;

    /**
     * @param keys    every key the server accepts (API and admin keys): {@code /metrics/*} asks for one when set
     * @param store   where pulled voices are installed (the server's own store)
     * @param catalog the voices the console lists and may pull
     */
    public ConsoleRoutes(HlasConfig config, VoiceRegistry voices, EngineScheduler scheduler, RequestSummary summary,
                         ApiKeys keys, VoiceStore store, Catalog catalog) {
        this.config = config;
        this.voices = voices;
        this.scheduler = scheduler;
        this.summary = summary;
        this.keys = keys;
        this.adminKeys = ApiKeys.of(config.serving().adminKeys());
        this.catalog = catalog;
        this.store = store;
        this.pulls = new VoicePulls(new Downloader(config.voices().mirror()), store);
        this.assets = config.console().ui() ? loadAssets() : Map.of();
    }

    /** Adds the console's routes to a Javalin configuration. */
    public void register(JavalinConfig cfg) {
        if (config.console().ui()) {
            cfg.routes.get("/", ctx -> asset(ctx, "index.html"));
            cfg.routes.get("/console/{file}", ctx -> asset(ctx, ctx.pathParam("file")));
        }
        cfg.routes.exception(ForbiddenResponse.class, (e, ctx) -> forbidden(ctx, e.getMessage()));
        cfg.routes.get("/redoc", this::redoc);
        cfg.routes.get("/metrics/summary", this::metricsSummary);
        cfg.routes.get("/metrics/recent", this::metricsRecent);
        cfg.routes.get("/v1/console/voices", this::voiceList);
        cfg.routes.post("/v1/admin/voices/{id}/pull", this::startPull);
        cfg.routes.get("/v1/admin/voices/{id}/pull", this::pullStatus);
    }

    private static Map<String, byte[]> loadAssets() {
        Map<String, byte[]> loaded = new LinkedHashMap<>();
        for (String name : ASSETS.keySet()) {
            try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
                if (in == null) throw new IllegalStateException("console asset " + name + " missing from the jar");
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console asset " + name, e);
            }
        }
        return Map.copyOf(loaded);
    }

    private void asset(Context ctx, String name) {
        byte[] body = assets.get(name);
        if (body == null) throw HlasException.notFound("file", "No console file '" + name + "'.");
        ctx.contentType(ASSETS.get(name));
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.result(body);
    }

    private void metricsSummary(Context ctx) {
        requireKey(ctx);
        json(ctx, summary.aggregates(scheduler.activeStreams()));
    }

    private void metricsRecent(Context ctx) {
        requireKey(ctx);
        int limit = summary.depth();
        String given = ctx.queryParam("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given.strip());
            } catch (NumberFormatException e) {
                throw HlasException.invalid("limit", "limit must be a whole number, got '" + given + "'.");
            }
            if (limit < 1) throw HlasException.invalid("limit", "limit must be at least 1, got " + limit + ".");
            limit = Math.min(limit, summary.depth());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("depth", summary.depth());
        body.put("texts", config.serving().logTexts());
        body.put("data", summary.recent(limit));
        json(ctx, body);
    }

    /** {@code /metrics/*} sits outside {@code /v1}, so it checks the key itself. */
    private void requireKey(Context ctx) {
        if (keys.enabled()) keys.authenticate(ctx.header("Authorization"));
    }

    private void requireAdmin(Context ctx) {
        if (!keys.enabled()) return; // an open server: admin routes are as open as the rest of the API
        if (!adminKeys.enabled()) {
            throw new ForbiddenResponse("Voice downloads need an admin key, and this server has none "
                    + "(start it with --admin-keys).");
        }
        try {
            adminKeys.authenticate(ctx.header("Authorization"));
        } catch (HlasException e) {
            throw new ForbiddenResponse("This API key is not an admin key: voice downloads need one.");
        }
    }

    /** 403 in the OpenAI error envelope (Javalin would answer it in plain text). */
    private static void forbidden(Context ctx, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "permission_error");
        error.put("param", null);
        error.put("code", "admin_key_required");
        ctx.status(403);
        json(ctx, Map.of("error", error));
    }

    private void voiceList(Context ctx) {
        Map<String, InstalledVoice> installed = store.installed().stream()
                .collect(Collectors.toMap(InstalledVoice::id, Function.identity(), (a, b) -> a));
        List<Map<String, Object>> list = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", e.id());
            v.put("engine", e.engine());
            v.put("language", e.language());
            v.put("quality", e.quality());
            v.put("size", installed.containsKey(e.id()) ? installed.get(e.id()).size() : e.requiredSize());
            v.put("licence", e.licence());
            v.put("licence_note", e.licenceNote());
            v.put("restricted", e.restricted());
            v.put("installed", installed.containsKey(e.id()));
            pulls.find(e.id()).ifPresent(job -> v.put("pull", job.describe()));
            list.add(v);
        }
        for (InstalledVoice iv : installed.values()) {
            if (catalog.find(iv.id()).isPresent()) continue;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", iv.id());
            v.put("engine", iv.engine());
            v.put("language", languageOf(iv.id()));
            v.put("size", iv.size());
            v.put("licence", iv.licence());
            v.put("installed", true);
            list.add(v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("can_download", canDownload(ctx));
        body.put("data", list);
        json(ctx, body);
    }

    private String languageOf(String id) {
        for (VoiceInfo info : voices.voices()) if (info.id().equals(id)) return info.languages().getFirst();
        return null;
    }

    private boolean canDownload(Context ctx) {
        try {
            requireAdmin(ctx);
            return true;
        } catch (ForbiddenResponse e) {
            return false;
        }
    }

    private void startPull(Context ctx) {
        requireAdmin(ctx);
        CatalogEntry entry = entry(ctx.pathParam("id"));
        boolean accepted = false;
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > 0) {
            JsonNode root;
            try {
                root = JSON.readTree(raw);
            } catch (IOException e) {
                throw HlasException.invalid(null, "The body is not valid JSON.");
            }
            JsonNode flag = root == null ? null : root.get("accept_licence");
            if (flag != null && !flag.isBoolean()) {
                throw HlasException.invalid("accept_licence", "accept_licence must be true or false.");
            }
            accepted = flag != null && flag.booleanValue();
        }
        if (entry.restricted() && !accepted) {
            throw HlasException.invalid("accept_licence", "Voice " + entry.id() + " is licensed under: "
                    + entry.licence() + (entry.licenceNote().isBlank() ? "" : " [" + entry.licenceNote() + "]")
                    + ". Read the licence, then send {\"accept_licence\": true} to install it.");
        }
        VoicePulls.Job job = pulls.start(entry);
        ctx.status(202);
        json(ctx, job.describe());
    }

    private void pullStatus(Context ctx) {
        requireAdmin(ctx);
        String id = ctx.pathParam("id");
        entry(id);
        VoicePulls.Job job = pulls.find(id).orElseThrow(() -> HlasException.notFound("id",
                "No download of voice '" + id + "' was started on this server."));
        json(ctx, job.describe());
    }

    private CatalogEntry entry(String id) {
        return catalog.find(id).orElseThrow(() -> HlasException.notFound("id", "No voice '" + id
                + "' in the catalog."));
    }

    private void redoc(Context ctx) {
        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Hlas API (ReDoc)</title>
                </head>
                <body>
                  <redoc spec-url="/openapi.json" hide-download-button="false"></redoc>
                  <script src="/webjars/redoc/%s/bundles/redoc.standalone.js"></script>
                </body>
                </html>
                """.formatted(REDOC);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json");
        try {
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String webjarVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
