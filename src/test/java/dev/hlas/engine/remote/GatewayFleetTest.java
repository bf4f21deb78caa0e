package dev.hlas.engine.remote;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hlas.config.VoiceConfig;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import dev.hlas.testing.onnx.SyntheticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway Hlas in front of two more real Hlas servers on loopback — one speaking a Piper voice (the project's
 * synthetic model, asked for {@code wav} and given whole inputs), one speaking espeak-ng — and a fake upstream for
 * health probes, {@code max_concurrent}, weights and the request deadline.
 */
class GatewayFleetTest {
    private static final String PIPER_KEY = "sk-piper-secret-5151";
    private static final String ESPEAK_KEY = "sk-espeak-secret-6262";
    private static final String FAKE_KEY = "sk-fake-secret-7373";
    private static final String PIPER_VOICE = "en_US-lessac-medium";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path piperHome;
    @TempDir
    static Path espeakHome;
    @TempDir
    static Path gatewayHome;
    @TempDir
    static Path lateHome;
    @TempDir
    static Path models;
    static TestServer piper;
    static TestServer espeak;
    static TestServer gateway;
    static HttpServer fake;
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static final AtomicBoolean probedHealthy = new AtomicBoolean(true);
    static final CountDownLatch releaseSlow = new CountDownLatch(1);
    static final CountDownLatch releaseHangs = new CountDownLatch(1);
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        Path model = SyntheticPiperModel.write(models.resolve("voice.onnx"), false, 4);
        SyntheticPiperVoice.install(new VoiceStore(piperHome), Spec.single(PIPER_VOICE, "en-us", "en_US"), model);
        piper = new TestServer(piperHome);
        espeak = new TestServer(espeakHome);
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/probed/", ex -> {
            boolean probe = ex.getRequestURI().getPath().endsWith("/health");
            count(ex, probe ? "probed-probe" : "probed");
            answer(ex, probedHealthy.get() ? 200 : 503, probe ? new byte[0] : new byte[4800]);
        });
        fake.createContext("/slow/", ex -> {
            if (ex.getRequestURI().getPath().endsWith("/v1/audio/speech")) {
                count(ex, "slow");
                await(releaseSlow);
                answer(ex, 200, new byte[9600]);
            } else {
                answer(ex, 200, "{\"data\":[]}".getBytes(StandardCharsets.UTF_8));
            }
        });
        for (String w : List.of("w1", "w3")) {
            fake.createContext("/" + w + "/", ex -> {
                if (ex.getRequestURI().getPath().endsWith("/v1/audio/speech")) count(ex, w);
                answer(ex, 200, new byte[4800]);
            });
        }
        for (String h : List.of("hang1", "hang2", "hang3")) {
            fake.createContext("/" + h + "/", ex -> {
                if (!ex.getRequestURI().getPath().endsWith("/v1/audio/speech")) {
                    answer(ex, 200, new byte[0]);
                    return;
                }
                count(ex, h);
                await(releaseHangs);
                ex.close();
            });
        }
        fake.setExecutor(Executors.newCachedThreadPool());
        fake.start();
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        String yaml = """
                upstreams:
                  - name: piper
                    url: http://127.0.0.1:%d
                    kind: hlas
                    api_key: %s
                    priority: 10
                    tts: {format: wav, split: upstream}
                  - name: espeak
                    url: http://127.0.0.1:%d
                    kind: hlas
                    api_key: %s
                    priority: 5
                    tts: {voices: [alloy, echo, "espeak:cs", "espeak:en-us"], languages: [cs, en]}
                  - name: probed
                    url: %s/probed
                    kind: hlas
                    api_key: %s
                    probe: {interval: 100ms}
                    breaker: {failures: 2, cooldown: 100ms}
                    tts: {voices: [echo]}
                  - name: slow
                    url: %s/slow
                    max_concurrent: 1
                    tts: {voices: [alloy]}
                  - name: w1
                    url: %s/w1
                    priority: 20
                    tts: {voices: [wvoice]}
                  - name: w3
                    url: %s/w3
                    priority: 20
                    weight: 3
                    tts: {voices: [wvoice]}
                """.formatted(piper.port(), PIPER_KEY, espeak.port(), ESPEAK_KEY, base, FAKE_KEY, base, base, base);
        RemoteSettings remote = UpstreamsFile.parse(yaml, "test", n -> null);
        gateway = new TestServer(gatewayHome, c -> c.withEngines(c.engines().withRemote(remote))
                .withVoices(c.voices().withLanguageDefaults(VoiceConfig.parseLanguageDefaults(
                        "fable.en=piper:" + PIPER_VOICE + ",fable.cs=espeak:espeak:cs"
                                + ",nova.en=espeak:en-us|piper:" + PIPER_VOICE
                                + ",onyx.en=en_GB-not-installed-medium|piper:" + PIPER_VOICE))));
    }

    private static void count(HttpExchange ex, String name) throws IOException {
        hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        ex.getRequestBody().readAllBytes();
    }

    private static int hits(String name) {
        return hits.getOrDefault(name, new AtomicInteger()).get();
    }

    private static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
        ex.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stop() {
        releaseSlow.countDown();
        releaseHangs.countDown();
        for (TestServer s : new TestServer[] {gateway, piper, espeak}) if (s != null) s.close();
        if (fake != null) fake.stop(0);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static java.net.http.HttpResponse<byte[]> speak(TestServer server, String voice, String text, String lang,
                                                            String format) throws Exception {
        String json = JSON.createObjectNode().put("model", "tts-1").put("voice", voice).put("input", text)
                .put("response_format", format).put("lang", lang).toString();
        return server.post("/v1/audio/speech", json);
    }

    @Test
    void the_voices_an_upstream_lists_itself_are_the_gateways_voices_by_name() throws Exception {
        JsonNode voices = JSON.readTree(gateway.get("/v1/audio/voices").body()).path("voices");
        List<String> ids = new ArrayList<>();
        voices.forEach(v -> ids.add(v.path("id").asText()));
        assertThat(ids).contains("piper:" + PIPER_VOICE, "espeak:espeak:cs", "espeak:alloy", "probed:echo");
        for (JsonNode v : voices) {
            if (v.path("id").asText().equals("piper:" + PIPER_VOICE)) {
                assertThat(v.path("engine").asText()).isEqualTo("remote");
                assertThat(v.path("languages").toString()).contains("en");
            }
        }
        assertThat(voices.toString()).doesNotContain(PIPER_KEY, ESPEAK_KEY, FAKE_KEY, "127.0.0.1");
    }

    @Test
    void an_alias_reads_each_language_on_the_upstream_routed_for_it() throws Exception {
        piper.streams().clear();
        espeak.streams().clear();
        String english = "The weather is fine today.";
        String czech = "Dnes je hezky.";
        assertThat(speak(gateway, "fable", english, "en", "mp3").statusCode()).isEqualTo(200);
        assertThat(piper.streams().next().input()).isEqualTo(english);
        assertThat(speak(gateway, "fable", czech, "cs", "mp3").statusCode()).isEqualTo(200);
        assertThat(espeak.streams().next().input()).isEqualTo(czech);
        assertThat(piper.streams().size()).isZero();
    }

    @Test
    void an_alias_prefers_a_local_voice_and_falls_back_to_an_upstream_when_it_is_not_installed() throws Exception {
        piper.streams().clear();
        gateway.streams().clear();
        assertThat(speak(gateway, "onyx", "Read upstream, nothing local.", "en", "mp3").statusCode()).isEqualTo(200);
        assertThat(piper.streams().next().input()).isEqualTo("Read upstream, nothing local.");
        gateway.streams().clear();
        assertThat(speak(gateway, "nova", "Read here, locally.", "en", "mp3").statusCode()).isEqualTo(200);
        assertThat(gateway.streams().next().input()).isEqualTo("Read here, locally.");
        // The gateway's stream has ended, so an upstream request would have ended before it: there was none.
        assertThat(piper.streams().size()).isZero();
    }

    @Test
    void a_wav_upstream_at_its_own_rate_is_decoded_into_the_gateways_audio_stage() throws Exception {
        String text = "Decoded from a wave file at twenty two kilohertz.";
        Wav direct = Wav.parse(speak(piper, PIPER_VOICE, text, "en", "wav").body());
        assertThat(direct.sampleRate()).isEqualTo(22050);
        var viaGateway = speak(gateway, "piper:" + PIPER_VOICE, text, "en", "pcm");
        assertThat(viaGateway.statusCode()).isEqualTo(200);
        double directSeconds = direct.seconds();
        double gatewaySeconds = viaGateway.body().length / 2.0 / 24_000;
        assertThat(gatewaySeconds).isGreaterThan(0.3).isCloseTo(directSeconds, org.assertj.core.data.Offset.offset(
                directSeconds * 0.05));
    }

    @Test
    void a_whole_input_upstream_is_sent_the_text_in_one_piece_and_a_sentence_upstream_by_sentence() throws Exception {
        piper.streams().clear();
        espeak.streams().clear();
        String text = "First sentence here. Second sentence there. And a third one to finish.";
        assertThat(speak(gateway, "piper:" + PIPER_VOICE, text, "en", "wav").statusCode()).isEqualTo(200);
        String whole = piper.streams().next().input();
        assertThat(whole).contains("First sentence here.", "And a third one to finish.");
        assertThat(piper.streams().size()).isZero();
        assertThat(speak(gateway, "espeak:espeak:en-us", text, "en", "wav").statusCode()).isEqualTo(200);
        List<String> pieces = List.of(espeak.streams().next().input(), espeak.streams().next().input(),
                espeak.streams().next().input());
        assertThat(pieces).containsExactly("First sentence here.", "Second sentence there.",
                "And a third one to finish.");
    }

    @Test
    void the_openai_sdk_sees_one_server_whose_voices_are_local_or_remote() throws Exception {
        OpenAIClient openai = gateway.openAi();
        for (String voice : List.of("espeak:en-us", "piper:" + PIPER_VOICE, "espeak:espeak:en-us")) {
            SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1)
                    .input("One server, " + voice.length() + " voices.").voice(voice)
                    .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
            try (HttpResponse response = openai.audio().speech().create(params); InputStream body = response.body()) {
                assertThat(response.statusCode()).as(voice).isEqualTo(200);
                assertThat(response.headers().values("content-type")).as(voice).containsExactly("audio/wav");
                Wav wav = Wav.parse(body.readAllBytes());
                assertThat(wav.channels()).isEqualTo(1);
                assertThat(wav.seconds()).as(voice).isGreaterThan(0.3);
            }
        }
        assertThat(openai.models().list().data()).extracting(m -> m.id()).contains("tts-1");
    }

    @Test
    void probes_open_the_breaker_of_an_upstream_no_request_used_and_close_it_when_it_answers() throws Exception {
        Await.until("the first probes", () -> hits("probed-probe") >= 2);
        probedHealthy.set(false);
        Await.until("the probes open the breaker", () -> gateway.get("/ready").body()
                .contains("\"name\":\"probed\",\"state\":\"open\""));
        String metrics = gateway.get("/metrics").body();
        assertThat(metrics).contains("hlas_upstream_open{upstream=\"probed\"} 1.0")
                .contains("hlas_upstream_probe_seconds{upstream=\"probed\"}")
                .containsPattern("hlas_upstream_probe_failures_total\\{upstream=\"probed\"} [1-9]");
        assertThat(gateway.get("/ready").body()).contains("health probe answered HTTP 503")
                .doesNotContain(FAKE_KEY, "127.0.0.1");
        // A request for its voice goes to the healthy backup first: the open upstream is not asked.
        int before = hits("probed");
        assertThat(speak(gateway, "probed:echo", "Probed away.", "en", "pcm").statusCode()).isEqualTo(200);
        assertThat(hits("probed")).isEqualTo(before);
        probedHealthy.set(true);
        Await.until("a probe closes the breaker", () -> gateway.get("/ready").body()
                .contains("\"name\":\"probed\",\"state\":\"closed\""));
    }

    @Test
    void a_full_upstream_is_passed_over_for_the_next_candidate() throws Exception {
        CompletableFuture<java.net.http.HttpResponse<byte[]>> first = gateway.http().sendAsync(
                gateway.speechRequest(TestServer.speechJson("slow:alloy", "Held by the slow one.", "pcm")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        Await.until("the slow upstream holds a request", () -> hits("slow") == 1);
        assertThat(gateway.get("/ready").body()).contains("\"name\":\"slow\",\"state\":\"closed\"")
                .contains("\"inFlight\":1,\"maxConcurrent\":1");
        espeak.streams().clear();
        var second = speak(gateway, "slow:alloy", "Served by the backup.", "en", "pcm");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(espeak.streams().next().input()).isEqualTo("Served by the backup.");
        assertThat(hits("slow")).isEqualTo(1);
        assertThat(first.isDone()).isFalse();
        releaseSlow.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void upstreams_of_one_priority_share_a_voice_by_weight() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertThat(speak(gateway, "w1:wvoice", "Weighted request number " + i + ".", "en", "pcm").statusCode())
                    .isEqualTo(200);
        }
        assertThat(hits("w1") + hits("w3")).isEqualTo(40);
        assertThat(hits("w1")).isPositive();
        assertThat(hits("w3")).isGreaterThan(hits("w1"));
    }

    @Test
    void no_candidate_is_tried_after_the_deadline_and_the_error_names_each_upstream() throws Exception {
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        RemoteSettings remote = UpstreamsFile.parse("""
                upstreams:
                  - name: hang1
                    url: %s/hang1
                    api_key: %s
                    timeout: 600ms
                    tts: {voices: [late]}
                  - name: hang2
                    url: %s/hang2
                    timeout: 5s
                    priority: 1
                    tts: {voices: [late]}
                  - name: hang3
                    url: %s/hang3
                    priority: 2
                    tts: {voices: [late]}
                """.formatted(base, FAKE_KEY, base, base), "test", n -> null);
        try (TestServer late = new TestServer(lateHome, c -> c.withEngines(c.engines().withRemote(remote))
                .withServing(c.serving().withRequestTimeout(Duration.ofSeconds(1))))) {
            long start = System.nanoTime();
            var response = speak(late, "hang1:late", "Too late for anyone.", "en", "mp3");
            long millis = (System.nanoTime() - start) / 1_000_000;
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(body).contains("upstream 'hang1' did not answer within 0.6 s",
                    "upstream 'hang2' did not answer before the request's deadline",
                    "upstream 'hang3' was not tried: the request's deadline had passed")
                    .doesNotContain(FAKE_KEY, "127.0.0.1");
            assertThat(hits("hang3")).isZero();
            assertThat(millis).as("a 1 s deadline").isLessThan(2_500);
        }
    }

    @Test
    void no_upstream_key_reaches_a_log_line_or_an_ops_page() throws Exception {
        speak(gateway, "piper:" + PIPER_VOICE, "Keys stay home.", "en", "mp3");
        String pages = gateway.get("/ready").body() + gateway.get("/metrics").body()
                + gateway.get("/v1/audio/voices").body();
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        for (String key : List.of(PIPER_KEY, ESPEAK_KEY, FAKE_KEY)) {
            assertThat(pages).doesNotContain(key);
            assertThat(lines).noneMatch(l -> l.contains(key));
        }
    }
}
