package dev.hlas.engine.remote;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.audio.AudioModel;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.sun.net.httpserver.HttpServer;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.Multipart;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * Speech to text through a gateway: a real Hlas upstream with a generated Whisper model behind a gateway Hlas that
 * has no recognition model of its own, with a fake upstream that answers 500 (echoing its key and address) and a
 * port that refuses ahead of it. The upstream keys must show up in no response and no log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SttGatewayTest {
    private static final String KEY = "sk-stt-upstream-secret-5151";
    private static final String GOOD_KEY = "sk-stt-good-secret-6262";
    private static final String MODEL = "whisper-tiny-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path upstreamHome;
    @TempDir
    static Path gatewayHome;
    static TestServer upstream;
    static TestServer gateway;
    static HttpServer fake;
    static String fakeBase;
    static byte[] recording;
    static double seconds;
    static final AtomicInteger fail500 = new AtomicInteger();
    static final AtomicReference<String> authorization = new AtomicReference<>();
    static final AtomicReference<String> contentType = new AtomicReference<>();
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        logs.start();
        Path dir = Files.createDirectories(upstreamHome.resolve("model-src"));
        TinyWhisperModel.tiny().writeTo(dir.resolve("ggml-tiny-test.bin"));
        StoreInstall.commit(new VoiceStore(upstreamHome), dir, MODEL, WhisperRecognizer.ENGINE);
        upstream = new TestServer(upstreamHome, c -> c.withStt(c.stt().withThreads(1)));
        HttpResponse<byte[]> speech = upstream.post(TestServer.speechJson("alloy", "Hello, this is a test.", "wav"));
        assertThat(speech.statusCode()).isEqualTo(200);
        recording = speech.body();
        seconds = Wav.parse(recording).seconds();
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            refusedPort = s.getLocalPort();
        }
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeBase = "http://127.0.0.1:" + fake.getAddress().getPort();
        fake.createContext("/fail500/", ex -> {
            if (!ex.getRequestURI().getPath().endsWith("/v1/models")) {
                fail500.incrementAndGet();
                authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
                contentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
            }
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ", backend " + fakeBase
                    + "/fail500 down\",\"type\":\"server_error\"}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        fake.createContext("/cut/", ex -> {
            if (ex.getRequestURI().getPath().endsWith("/v1/models")) {
                ex.sendResponseHeaders(200, -1);
                ex.close();
                return;
            }
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 1000); // promises far more than it sends
            ex.getResponseBody().write("{\"text\": \"half".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            try {
                ex.getResponseBody().close(); // short of the promised length: the connection is cut
            } catch (IOException expected) {
                // the fake's own complaint about the missing bytes
            }
        });
        fake.start();
        String yaml = """
                upstreams:
                  - name: refused
                    url: http://127.0.0.1:%d
                    api_key: %s
                    priority: 0
                    breaker: {failures: 100}
                    stt: {models: [whisper-1]}
                  - name: broken
                    url: %s/fail500
                    api_key: %s
                    priority: 1
                    breaker: {failures: 100}
                    stt: {models: [whisper-1, lonely]}
                  - name: good
                    url: http://127.0.0.1:%d
                    api_key: %s
                    kind: hlas
                    priority: 2
                    stt: {models: [whisper-1, %s]}
                  - name: cut
                    url: %s/cut
                    priority: 0
                    stt: {models: [halfway]}
                  - name: cut-backup
                    url: %s/fail500
                    priority: 1
                    stt: {models: [halfway]}
                """.formatted(refusedPort, KEY, fakeBase, KEY, upstream.port(), GOOD_KEY, MODEL, fakeBase, fakeBase);
        RemoteSettings remote = UpstreamsFile.parse(yaml, "test", n -> null);
        gateway = new TestServer(gatewayHome, c -> c.withEngines(c.engines().withRemote(remote)));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (upstream != null) upstream.close();
        if (fake != null) fake.stop(0);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static Multipart upload(String model) {
        return new Multipart().file("file", "speech.wav", "audio/wav", recording).field("model", model);
    }

    private static HttpResponse<String> post(TestServer server, String path, Multipart form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        return server.http().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoSecrets(String text) {
        assertThat(text).doesNotContain(KEY, GOOD_KEY, fakeBase, "127.0.0.1:" + upstream.port());
    }

    @Test
    void a_remote_model_fails_over_past_a_refusing_and_a_failing_upstream_to_the_real_one() throws Exception {
        int failed = fail500.get();
        long t0 = System.nanoTime();
        HttpResponse<String> direct = post(upstream, "/v1/audio/transcriptions",
                upload("whisper-1").field("language", "en").field("response_format", "verbose_json"));
        long t1 = System.nanoTime();
        HttpResponse<String> relayed = post(gateway, "/v1/audio/transcriptions",
                upload("whisper-1").field("language", "en").field("response_format", "verbose_json"));
        long t2 = System.nanoTime();
        System.out.printf("STT direct %d ms, through the gateway past a refusing and a 500 upstream %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(relayed.headers().firstValue("X-Upstream")).hasValue("good");
        assertThat(fail500.get()).as("the 500 upstream was tried once").isEqualTo(failed + 1);
        assertThat(authorization.get()).isEqualTo("Bearer " + KEY);
        assertThat(contentType.get()).startsWith("multipart/form-data; boundary=");
        // The whole recording reached the real upstream, with the client's fields: the length it decoded is the one
        // it decodes when asked directly (the generated model's words are random, so the text is not compared).
        assertThat(direct.statusCode()).isEqualTo(200);
        JsonNode viaGateway = JSON.readTree(relayed.body());
        assertThat(viaGateway.get("duration").asDouble()).isGreaterThan(1)
                .isEqualTo(JSON.readTree(direct.body()).get("duration").asDouble());
        assertThat(viaGateway.get("language").asText()).isEqualTo("english");
        assertNoSecrets(relayed.body());
    }

    @Test
    void every_response_format_and_streaming_pass_through() throws Exception {
        HttpResponse<String> verbose = post(gateway, "/v1/audio/transcriptions",
                upload("good:" + MODEL).field("response_format", "verbose_json").field("language", "en"));
        assertThat(verbose.statusCode()).as(verbose.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(verbose.body());
        assertThat(body.get("duration").asDouble()).isCloseTo(seconds, offset(0.08));
        assertThat(body.get("segments").size()).isPositive();
        HttpResponse<String> srt = post(gateway, "/v1/audio/transcriptions",
                upload("good:" + MODEL).field("response_format", "srt"));
        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(srt.body()).contains(" --> ");
        HttpResponse<String> stream = post(gateway, "/v1/audio/translations",
                upload("whisper-1").field("stream", "true"));
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(stream.body()).contains("data: {\"type\":\"transcript.text.done\"");
    }

    @Test
    void an_answer_that_breaks_off_after_its_first_byte_aborts_and_is_not_retried() throws Exception {
        int failed = fail500.get();
        Multipart form = upload("halfway");
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/audio/transcriptions"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        // The client sees a failed transfer, never a short body that looks complete.
        assertThatThrownBy(() -> gateway.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(fail500.get()).as("no failover once the answer started").isEqualTo(failed);
    }

    @Test
    void the_openai_sdk_transcribes_through_the_gateway() throws Exception {
        Path wav = gatewayHome.resolve("sdk.wav");
        Files.write(wav, recording);
        TranscriptionCreateResponse response = gateway.openAi().audio().transcriptions().create(
                TranscriptionCreateParams.builder().file(wav).model(AudioModel.WHISPER_1).language("en").build());
        assertThat(response.asTranscription().text()).isNotBlank();
    }

    @Test
    void the_models_list_merges_the_upstreams_speech_to_text_models() throws Exception {
        String models = gateway.get("/v1/models").body();
        JsonNode data = JSON.readTree(models).get("data");
        JsonNode named = null;
        for (JsonNode m : data) if (m.get("id").asText().equals("good:" + MODEL)) named = m;
        assertThat(named).isNotNull();
        assertThat(named.get("owned_by").asText()).isEqualTo("good");
        assertThat(named.get("type").asText()).isEqualTo("speech-to-text");
        assertThat(models).contains("\"whisper-1\"", "\"broken:lonely\"");
        assertNoSecrets(models);
        assertThat(gateway.get("/v1/models/good:" + MODEL).statusCode()).isEqualTo(200);
    }

    @Test
    void upstream_errors_name_the_upstream_and_never_its_key_or_address() throws Exception {
        HttpResponse<String> dead = post(gateway, "/v1/audio/transcriptions", upload("lonely"));
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).contains("upstream 'broken' answered HTTP 500", "<broken>");
        assertNoSecrets(dead.body());
        HttpResponse<String> refused = post(gateway, "/v1/audio/transcriptions",
                upload("good:" + MODEL).field("response_format", "mp3"));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("message").asText()).startsWith("Upstream 'good' refused the request: ");
        assertThat(error.get("param").asText()).isEqualTo("response_format");
        HttpResponse<String> unknown = post(gateway, "/v1/audio/transcriptions", upload("nowhere-model"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").get("param").asText()).isEqualTo("model");
        List<ILoggingEvent> events;
        synchronized (logs) { // the appender appends under its own lock
            events = new ArrayList<>(logs.list);
        }
        List<String> lines = events.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).anyMatch(l -> l.contains("upstream 'broken'"));
        for (String line : lines) assertNoSecrets(line);
    }

    /** Runs last: it gives the gateway a model of its own, which then answers the plain names it has. */
    @Test
    @Order(Integer.MAX_VALUE)
    void a_local_model_answers_its_own_names_and_the_upstreams_copy_stays_reachable() throws Exception {
        Path dir = Files.createDirectories(gatewayHome.resolve("model-src"));
        TinyWhisperModel.tiny().writeTo(dir.resolve("ggml-tiny-test.bin"));
        StoreInstall.commit(new VoiceStore(gatewayHome), dir, MODEL, WhisperRecognizer.ENGINE);
        HttpResponse<String> local = post(gateway, "/v1/audio/transcriptions", upload(MODEL));
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
        assertThat(local.headers().firstValue("X-Upstream")).isEmpty();
        assertThat(local.headers().firstValue("X-Model")).hasValue(MODEL);
        HttpResponse<String> relayed = post(gateway, "/v1/audio/transcriptions", upload("good:" + MODEL));
        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(relayed.headers().firstValue("X-Upstream")).hasValue("good");
        JsonNode data = JSON.readTree(gateway.get("/v1/models").body()).get("data");
        assertThat(data.findValuesAsText("id").stream().filter(MODEL::equals)).hasSize(1);
        for (JsonNode m : data) {
            if (m.get("id").asText().equals(MODEL)) assertThat(m.get("owned_by").asText()).isEqualTo("hlas");
        }
    }

    @Test
    void the_spooled_upload_is_deleted_after_the_request() throws Exception {
        assertThat(post(gateway, "/v1/audio/transcriptions", upload("lonely")).statusCode()).isEqualTo(503);
        assertThat(post(gateway, "/v1/audio/transcriptions", upload("good:" + MODEL)).statusCode()).isEqualTo(200);
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hlas-stt-relay-")))
                    .isEmpty();
        }
    }
}
