package dev.hlas.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SynthesisListener;
import dev.hlas.voice.store.Catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real server on a random loopback port, with a JDK HttpClient (HTTP/1.1) pointed at it, and the OpenAI SDK or a
 * raw socket where a test needs them. Every HTTP test starts its server here (per test, or once per class in
 * {@code @BeforeAll} when its tests can share one). The server reports synthesis to {@link #sentences()} and
 * {@link #streams()}.
 */
public final class TestServer implements AutoCloseable {
    private final Hlas hlas;
    private final SentenceTimeline sentences = new SentenceTimeline();
    private final EndedStreams streams = new EndedStreams();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<OpenAIClient> openAiClients = new ArrayList<>();
    private OpenAIClient openAi;

    public TestServer(Path home) {
        this(home, c -> c);
    }

    public TestServer(Path home, UnaryOperator<HlasConfig> customize) {
        this(home, customize, List.of());
    }

    /** A server with extra (test) engines ahead of the built-in ones. */
    public TestServer(Path home, UnaryOperator<HlasConfig> customize, List<SpeechEngine> extraEngines) {
        this(home, customize, extraEngines, Catalog.builtIn());
    }

    /** A server whose console pulls voices from {@code catalog} (e.g. test voices served by a {@code LocalHub}). */
    public TestServer(Path home, UnaryOperator<HlasConfig> customize, List<SpeechEngine> extraEngines,
                      Catalog catalog) {
        HlasConfig config = customize.apply(HlasConfig.defaults().withHost("127.0.0.1").withPort(0).withHome(home));
        // Warm-up runs through an unmetered pipeline of its own: these recorders hear only the tests' requests.
        this.hlas = Hlas.serve(config, new Both(sentences, streams), extraEngines, catalog);
    }

    /** A server whose serving settings are adjusted by {@code tune}, with the given extra engines. */
    public static TestServer start(Path home, UnaryOperator<ServingConfig> tune, SpeechEngine... engines) {
        return new TestServer(home, c -> c.withServing(tune.apply(c.serving())), List.of(engines));
    }

    public Hlas hlas() {
        return hlas;
    }

    /** Every sentence synthesized, with when it finished. */
    public SentenceTimeline sentences() {
        return sentences;
    }

    /** Every stream that ended, with its seconds of audio and whether it completed. */
    public EndedStreams streams() {
        return streams;
    }

    public int port() {
        return hlas.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** A speech request body for {@code voice} in English. */
    public static String speechJson(String voice, String text, String format) {
        return "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"" + format + "\",\"language\":\"en\"}";
    }

    /** A speech request without credentials (add {@code Authorization} where keys are configured). */
    public HttpRequest.Builder speechRequest(String json) {
        return HttpRequest.newBuilder(uri("/v1/audio/speech")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** POSTs a speech request without credentials and returns the whole response. */
    public HttpResponse<byte[]> post(String json) throws IOException, InterruptedException {
        return http.send(speechRequest(json).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs JSON and returns the whole response. */
    public HttpResponse<byte[]> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** PUTs JSON and returns the whole response. */
    public HttpResponse<byte[]> put(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    /** The official OpenAI Java SDK pointed at this server (no retries: a failure shows at once). */
    public synchronized OpenAIClient openAi() {
        if (openAi == null) openAi = openAi("sk-test");
        return openAi;
    }

    /** Another OpenAI SDK client, sending {@code apiKey}; closed with the server. */
    public synchronized OpenAIClient openAi(String apiKey) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port() + "/v1")
                .apiKey(apiKey).maxRetries(0).build();
        openAiClients.add(client);
        return client;
    }

    /**
     * Sends a speech request over a plain socket and returns the open socket, for tests that read the response by
     * hand or hang up mid-way (a JDK client cannot reset its connection at a chosen byte).
     */
    public Socket rawSpeechPost(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", port());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    @Override
    public void close() {
        try {
            hlas.close();
        } finally {
            http.close();
            synchronized (this) {
                openAiClients.forEach(OpenAIClient::close);
            }
        }
    }

    /** Tells both recorders. */
    private record Both(SentenceTimeline sentences, EndedStreams streams) implements SynthesisListener {
        @Override
        public void streamStarted(SpeechPlan plan) {
            streams.streamStarted(plan);
        }

        @Override
        public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos,
                                        double audioSeconds) {
            sentences.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
            streams.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
        }

        @Override
        public void streamEnded(SpeechPlan plan, boolean completed) {
            streams.streamEnded(plan, completed);
        }
    }
}
