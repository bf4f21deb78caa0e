package dev.hlas.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.BackendStatus;
import dev.hlas.error.HlasException;
import dev.hlas.ops.Metrics;
import dev.hlas.speech.SpeechService;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Operational routes: {@code /health} (liveness), {@code /ready} (default voices loaded, not shutting down),
 * {@code /metrics} (Prometheus), {@code /v1/ops/summary} (the console's JSON), {@code /openapi.json} (the
 * hand-written {@code openapi.yaml} as JSON) and {@code /docs} (Swagger UI over it).
 */
final class OpsRoutes {
    /**
     * The Swagger UI webjar's version, read from the webjar itself so that the pom's {@code swagger-ui.version} is
     * the only place it is written down (its files are served under {@code /webjars/swagger-ui/<version>/}).
     */
    static final String SWAGGER_UI = webjarVersion("org.webjars", "swagger-ui");
    private final SpeechService speech;
    private final Metrics metrics;
    private final SpeechCache cache;
    private final RequestLifecycle lifecycle;
    private final String defaultVoice;
    private final byte[] openApiJson;

    OpsRoutes(SpeechService speech, Metrics metrics, SpeechCache cache, RequestLifecycle lifecycle, String defaultVoice) {
        this.speech = speech;
        this.metrics = metrics;
        this.cache = cache;
        this.lifecycle = lifecycle;
        this.defaultVoice = defaultVoice;
        this.openApiJson = loadOpenApi();
    }

    static String webjarVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = OpsRoutes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) throw new IllegalStateException("no version in " + resource);
            return version.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static byte[] loadOpenApi() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml missing from the classpath");
            Object doc = new ObjectMapper(new YAMLFactory()).readValue(in, Object.class);
            return Json.bytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml", e);
        }
    }

    void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("active_streams", speech.scheduler().activeStreams());
        CatalogHandlers.json(ctx, body);
    }

    void ready(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        String problem = null;
        if (lifecycle.draining()) {
            problem = "shutting down";
        } else if (speech.voices().voices().isEmpty()) {
            problem = "no voices loaded";
        } else {
            try {
                speech.voices().resolve(defaultVoice, "en");
            } catch (HlasException e) {
                problem = "default voice '" + defaultVoice + "' not available: " + e.getMessage();
            }
        }
        body.put("status", problem == null ? "ready" : "not_ready");
        if (problem != null) body.put("reason", problem);
        body.put("voices", speech.voices().voices().size());
        List<BackendStatus> upstreams = speech.voices().engines().stream().flatMap(e -> e.backends().stream()).toList();
        if (!upstreams.isEmpty()) body.put("upstreams", upstreams);
        ctx.status(problem == null ? 200 : 503);
        CatalogHandlers.json(ctx, body);
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    void summary(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>(metrics.summary().snapshot());
        body.put("active_streams", speech.scheduler().activeStreams());
        body.put("engines", speech.scheduler().load().values());
        body.put("cache", cache.stats());
        CatalogHandlers.json(ctx, body);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(openApiJson);
    }

    void docs(Context ctx) {
        String base = "/webjars/swagger-ui/" + SWAGGER_UI;
        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Hlas API</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});
                  </script>
                </body>
                </html>
                """.formatted(base);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html.getBytes(StandardCharsets.UTF_8));
    }
}
