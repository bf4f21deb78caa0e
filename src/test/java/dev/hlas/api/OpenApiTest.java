package dev.hlas.api;

import dev.hlas.testing.TestServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest {
    /** Routes documented ahead of their implementation by other work streams (none at the moment). */
    private static final Set<String> PENDING = Set.of();

    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(home, s -> s);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_document_is_valid_and_matches_the_routes_the_server_serves() throws Exception {
        HttpResponse<String> doc = server.get("/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body());
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();

        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(m -> documented.add(m.name() + " " + path)));
        Set<String> served = new TreeSet<>(server.hlas().server().routes());

        assertThat(served).as("routes served but not documented").isSubsetOf(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        assertThat(missing).as("routes documented but not served").isSubsetOf(PENDING);
        assertThat(served).contains("POST /v1/audio/speech", "GET /health", "GET /metrics", "GET /docs");
        PathItem speech = api.getPaths().get("/v1/audio/speech");
        assertThat(speech.getPost().getResponses()).containsKeys("200", "400", "401", "429");
    }

    @Test
    void docs_serve_swagger_ui_over_the_document() throws Exception {
        HttpResponse<String> page = server.get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("SwaggerUIBundle", "/openapi.json");
        String bundle = "/webjars/swagger-ui/" + OpsRoutes.SWAGGER_UI + "/swagger-ui-bundle.js";
        assertThat(page.body()).contains(bundle);
        HttpResponse<String> js = server.get(bundle);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body().length()).isGreaterThan(100_000);
    }
}
