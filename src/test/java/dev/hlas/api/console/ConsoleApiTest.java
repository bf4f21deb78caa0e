package dev.hlas.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.config.ServingConfig;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's server side over HTTP: pages and assets, the observatory's endpoints, --no-ui, admin voice pulls. */
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JIRKA = "/rhasspy/piper-voices/resolve/main/cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx";

    @TempDir
    Path home;

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(TestServer server, HttpRequest.Builder request) throws Exception {
        return server.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void console_page_its_assets_and_both_api_docs_are_served_from_the_jar() throws Exception {
        try (TestServer server = new TestServer(home)) {
            HttpResponse<String> page = server.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            for (String id : List.of("text", "voice", "lang", "speed", "format", "speak", "audio", "ttfb", "download",
                    "analysis", "tab-console", "tab-observatory", "tab-voices", "total-requests")) {
                assertThat(page.body()).as(id).contains("data-testid=\"" + id + "\"");
            }
            assertThat(page.body()).doesNotContain("http://", "https://"); // no asset from another host
            assertThat(server.get("/console/app.js").body()).contains("'recent-row'");
            assertThat(server.get("/console/app.css").statusCode()).isEqualTo(200);
            HttpResponse<String> missing = server.get("/console/nope.js");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing).at("/error/param").asText()).isEqualTo("file");

            HttpResponse<String> redoc = server.get("/redoc");
            assertThat(redoc.statusCode()).isEqualTo(200);
            String bundle = "/webjars/redoc/" + ConsoleRoutes.REDOC + "/bundles/redoc.standalone.js";
            assertThat(redoc.body()).contains(bundle).contains("spec-url=\"/openapi.json\"");
            assertThat(server.get(bundle).statusCode()).isEqualTo(200);
            assertThat(server.get("/docs").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metrics_summary_and_recent_count_a_speech_request_with_its_record() throws Exception {
        try (TestServer server = new TestServer(home)) {
            assertThat(json(server.get("/metrics/summary")).get("total_requests").asLong()).isZero();
            HttpResponse<byte[]> speech = server.post(TestServer.speechJson("alloy", "Hello there.", "wav"));
            assertThat(speech.statusCode()).isEqualTo(200);
            HttpResponse<byte[]> bad = server.post(TestServer.speechJson("alloy", "Hi.", "xyz"));
            assertThat(bad.statusCode()).isEqualTo(400);

            JsonNode summary = json(server.get("/metrics/summary"));
            assertThat(summary.get("total_requests").asLong()).isEqualTo(2);
            assertThat(summary.get("errors").asLong()).isEqualTo(1);
            assertThat(summary.get("bytes").asLong()).isEqualTo(speech.body().length);
            assertThat(summary.get("audio_seconds").asDouble()).isPositive();
            assertThat(summary.get("requests_per_second_1m").asDouble()).isEqualTo(Math.round(2 / 60.0 * 1000) / 1000.0);
            assertThat(summary.get("depth").asInt()).isEqualTo(100);
            assertThat(summary.at("/ttfb_ms/p99").asDouble()).isPositive();
            assertThat(summary.at("/rtf/p50").asDouble()).isPositive();
            assertThat(summary.get("active_syntheses").asInt()).isZero();

            JsonNode recent = json(server.get("/metrics/recent?limit=5"));
            assertThat(recent.get("data")).hasSize(2);
            JsonNode error = recent.get("data").get(0);
            assertThat(error.get("status").asText()).isEqualTo("error");
            assertThat(error.get("error").asText()).contains("xyz");
            JsonNode ok = recent.get("data").get(1);
            assertThat(ok.get("status").asText()).isEqualTo("ok");
            assertThat(ok.get("transport").asText()).isEqualTo("http");
            assertThat(ok.get("format").asText()).isEqualTo("wav");
            assertThat(ok.get("lang").asText()).isEqualTo("en");
            assertThat(ok.get("length").asInt()).isEqualTo("Hello there.".length());
            assertThat(ok.get("bytes").asLong()).isEqualTo(speech.body().length);
            assertThat(ok.get("text").isNull()).as("texts only with --log-texts").isTrue();
            assertThat(ok.get("ttfb_ms").asDouble()).isPositive().isLessThanOrEqualTo(ok.get("total_ms").asDouble());
            assertThat(ok.get("rtf").asDouble()).isPositive();
            assertThat(json(server.get("/metrics/recent?limit=1")).get("data")).hasSize(1);

            HttpResponse<String> word = server.get("/metrics/recent?limit=many");
            assertThat(word.statusCode()).isEqualTo(400);
            assertThat(json(word).at("/error/param").asText()).isEqualTo("limit");
            assertThat(server.get("/metrics/recent?limit=0").statusCode()).isEqualTo(400);
            assertThat(server.get("/v1/ops/summary").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_ring_keeps_the_configured_depth_and_texts_only_when_they_may_be_logged() throws Exception {
        try (TestServer server = new TestServer(home, c -> c
                .withConsole(c.console().withRecentRequests(10))
                .withServing(logTexts(c.serving())))) {
            for (int i = 0; i < 12; i++) {
                assertThat(server.post(TestServer.speechJson("alloy", "Number " + i + ".", "pcm")).statusCode())
                        .isEqualTo(200);
            }
            JsonNode recent = json(server.get("/metrics/recent?limit=1000"));
            assertThat(recent.get("depth").asInt()).isEqualTo(10);
            assertThat(recent.get("data")).hasSize(10);
            assertThat(recent.get("data").get(0).get("text").asText()).isEqualTo("Number 11.");
            assertThat(json(server.get("/metrics/summary")).get("total_requests").asLong()).isEqualTo(12);
        }
    }

    private static ServingConfig logTexts(ServingConfig s) {
        return s.withLogTexts(true);
    }

    @Test
    void no_ui_removes_the_console_but_not_the_api() throws Exception {
        try (TestServer server = new TestServer(home, c -> c.withConsole(c.console().withUi(false)))) {
            HttpResponse<String> root = server.get("/");
            assertThat(root.statusCode()).isEqualTo(404);
            assertThat(json(root).at("/error/message").asText()).contains("Unknown route");
            assertThat(server.get("/console/app.js").statusCode()).isEqualTo(404);
            assertThat(server.get("/v1/models").statusCode()).isEqualTo(200);
            assertThat(server.get("/metrics/summary").statusCode()).isEqualTo(200);
            assertThat(server.post(TestServer.speechJson("alloy", "Still speaking.", "wav")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void voice_pull_needs_an_admin_key_and_uses_the_verified_store_through_the_mirror() throws Exception {
        try (LocalHub hub = new LocalHub();
             TestServer server = new TestServer(home, c -> c
                     .withServing(c.serving().withApiKeys(List.of("user-key")).withAdminKeys(List.of("admin-key")))
                     .withVoices(c.voices().withMirror(hub.base())))) {
            hub.put(JIRKA, "not the Czech voice".getBytes(StandardCharsets.UTF_8));
            String pull = "/v1/admin/voices/cs_CZ-jirka-medium/pull";
            assertThat(server.get("/metrics/summary").statusCode()).isEqualTo(401);
            assertThat(send(server, HttpRequest.newBuilder(server.uri("/metrics/recent"))
                    .header("Authorization", "Bearer user-key")).statusCode()).isEqualTo(200);

            HttpResponse<String> none = send(server, HttpRequest.newBuilder(server.uri(pull))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(none.statusCode()).isEqualTo(401);
            HttpResponse<String> user = send(server, HttpRequest.newBuilder(server.uri(pull))
                    .header("Authorization", "Bearer user-key").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(user.statusCode()).isEqualTo(403);
            assertThat(json(user).at("/error/message").asText()).contains("admin key");
            JsonNode list = json(send(server, HttpRequest.newBuilder(server.uri("/v1/console/voices"))
                    .header("Authorization", "Bearer user-key")));
            assertThat(list.get("can_download").asBoolean()).isFalse();
            assertThat(hub.requests(JIRKA)).isZero();

            HttpRequest.Builder admin = HttpRequest.newBuilder(server.uri(pull)).header("Authorization", "Bearer admin-key");
            HttpResponse<String> restricted = send(server, HttpRequest.newBuilder(
                    server.uri("/v1/admin/voices/en_US-ryan-medium/pull")).header("Authorization", "Bearer admin-key")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(restricted.statusCode()).isEqualTo(400);
            assertThat(json(restricted).at("/error/param").asText()).isEqualTo("accept_licence");
            HttpResponse<String> unknown = send(server, HttpRequest.newBuilder(
                    server.uri("/v1/admin/voices/xx_XX-nobody-low/pull")).header("Authorization", "Bearer admin-key")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(unknown.statusCode()).isEqualTo(404);

            HttpResponse<String> started = send(server, admin.copy().POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(json(started).get("total_bytes").asLong()).isPositive();
            Await.until("the pull to end", Duration.ofSeconds(20), () ->
                    !json(send(server, admin.copy().GET())).get("state").asText().equals("running"));
            JsonNode job = json(send(server, admin.copy().GET()));
            assertThat(job.get("state").asText()).isEqualTo("failed");
            assertThat(job.get("error").asText()).contains("cs_CZ-jirka-medium.onnx").contains("expected 63201294");
            assertThat(hub.requests(JIRKA)).isEqualTo(1);
            assertThat(new VoiceStore(home).installed()).isEmpty();
            JsonNode asAdmin = json(send(server, HttpRequest.newBuilder(server.uri("/v1/console/voices"))
                    .header("Authorization", "Bearer admin-key")));
            assertThat(asAdmin.get("can_download").asBoolean()).isTrue();
            JsonNode jirka = null;
            for (JsonNode v : asAdmin.get("data")) if (v.get("id").asText().equals("cs_CZ-jirka-medium")) jirka = v;
            assertThat(jirka).isNotNull();
            assertThat(jirka.get("installed").asBoolean()).isFalse();
            assertThat(jirka.get("size").asLong()).isGreaterThanOrEqualTo(63201294L);
            assertThat(jirka.get("licence").asText()).isEqualTo("CC0");
            assertThat(jirka.at("/pull/state").asText()).isEqualTo("failed");
        }
    }

    @Test
    void an_admin_pulls_a_test_voice_to_completion_and_it_is_listed_and_speaks(@TempDir Path files) throws Exception {
        String id = "en_US-pulltest-low";
        SyntheticPiperVoice.write(files, Spec.single(id, "en-us", "en_US"));
        try (LocalHub hub = new LocalHub()) {
            List<CatalogFile> catalogFiles = new ArrayList<>();
            for (String name : List.of(id + ".onnx", id + ".onnx.json")) {
                byte[] body = Files.readAllBytes(files.resolve(name));
                hub.put("/test-voices/" + name, body);
                catalogFiles.add(new CatalogFile(name, body.length, LocalHub.sha256(body), null, false));
            }
            Catalog catalog = new Catalog(List.of(new CatalogEntry(id, "piper", "en_US", "low", 1, "CC0", "", false,
                    hub.base() + "/test-voices/", catalogFiles)));
            try (TestServer server = new TestServer(home, c -> c
                    .withServing(c.serving().withApiKeys(List.of("user-key")).withAdminKeys(List.of("admin-key"))),
                    List.of(), catalog)) {
                HttpRequest.Builder pull = HttpRequest.newBuilder(server.uri("/v1/admin/voices/" + id + "/pull"))
                        .header("Authorization", "Bearer admin-key");
                HttpResponse<String> started = send(server, pull.copy().POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(started.statusCode()).isEqualTo(202);
                long total = json(started).get("total_bytes").asLong();
                assertThat(total).isPositive();
                Await.until("the pull to end", Duration.ofSeconds(20), () ->
                        !json(send(server, pull.copy().GET())).get("state").asText().equals("running"));
                JsonNode job = json(send(server, pull.copy().GET()));
                assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
                assertThat(job.get("bytes").asLong()).isEqualTo(total);
                assertThat(hub.requests("/test-voices/" + id + ".onnx")).isEqualTo(1);

                JsonNode voices = json(send(server, HttpRequest.newBuilder(server.uri("/v1/audio/voices"))
                        .header("Authorization", "Bearer user-key")));
                assertThat(voices.toString()).contains("\"" + id + "\"");
                HttpResponse<byte[]> speech = server.http().send(server.speechRequest(
                                TestServer.speechJson(id, "Pulled and speaking.", "wav"))
                        .header("Authorization", "Bearer user-key").build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(speech.statusCode()).isEqualTo(200);
                assertThat(speech.headers().firstValue("x-hlas-voice").orElse(id)).isEqualTo(id);
                assertThat(speech.body().length).isGreaterThan(44 + 1000);
                JsonNode listed = json(send(server, HttpRequest.newBuilder(server.uri("/v1/console/voices"))
                        .header("Authorization", "Bearer admin-key")));
                JsonNode entry = null;
                for (JsonNode v : listed.get("data")) if (v.get("id").asText().equals(id)) entry = v;
                assertThat(entry).isNotNull();
                assertThat(entry.get("installed").asBoolean()).isTrue();
            }
        }
    }
}
