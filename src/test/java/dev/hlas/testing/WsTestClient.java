package dev.hlas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's {@link WebSocket}) for {@code /v1/audio/speech/stream}: every frame the server
 * sends is queued in arrival order, text frames parsed as JSON, binary frames kept as bytes.
 */
public final class WsTestClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** A frame from the server: a JSON message, or binary audio, and when it arrived ({@link System#nanoTime}). */
    public record Frame(JsonNode json, byte[] binary, long nanos) {
        Frame(JsonNode json, byte[] binary) {
            this(json, binary, System.nanoTime());
        }

        public String type() {
            return json == null ? "binary" : json.path("type").asText();
        }

        /** The audio it carries (base64 {@code chunk} or binary), else null. */
        public byte[] audio() {
            if (binary != null) return binary;
            return "audio".equals(type()) ? Base64.getDecoder().decode(json.get("chunk").asText()) : null;
        }

        @Override
        public String toString() {
            return json == null ? "binary(" + binary.length + ")" : json.toString().length() > 200
                    ? json.toString().substring(0, 200) + "…" : json.toString();
        }
    }

    /** How the server closed the socket. */
    public record Closed(int code, String reason) {
    }

    private WsTestClient(URI uri, Map<String, String> headers, List<String> subprotocols) throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    public static WsTestClient connect(TestServer server) throws Exception {
        return connect(server, "", Map.of(), List.of());
    }

    /** A client of the endpoint on {@code port} of the loopback address. */
    public static WsTestClient connect(int port) throws Exception {
        return new WsTestClient(URI.create("ws://127.0.0.1:" + port + "/v1/audio/speech/stream"), Map.of(), List.of());
    }

    public static WsTestClient connect(TestServer server, String query, Map<String, String> headers,
                                       List<String> subprotocols) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/v1/audio/speech/stream" + query);
        return new WsTestClient(uri, headers, subprotocols);
    }

    public WebSocket socket() {
        return socket;
    }

    /** Sends one text frame. */
    public WsTestClient send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** Sends a JSON message built from {@code key, value, …} pairs. */
    public WsTestClient message(String type, Object... fields) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) m.put((String) fields[i], fields[i + 1]);
        return send(JSON.writeValueAsString(m));
    }

    /** The next frame, waiting for it. */
    public Frame next() throws InterruptedException {
        Frame f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) throw new AssertionError("no frame from the server within " + WAIT.toSeconds() + " s");
        return f;
    }

    /** The next frame if one is already there. */
    public Frame poll() {
        return frames.poll();
    }

    /** Frames up to and including the first that matches. */
    public List<Frame> until(Predicate<Frame> last) throws InterruptedException {
        List<Frame> got = new ArrayList<>();
        while (true) {
            Frame f = next();
            got.add(f);
            if (last.test(f)) return got;
        }
    }

    /** Frames up to and including the first of {@code type}. */
    public List<Frame> untilType(String type) throws InterruptedException {
        return until(f -> f.type().equals(type));
    }

    /** The next frame, which must be of {@code type}. */
    public JsonNode expect(String type) throws InterruptedException {
        Frame f = next();
        if (!f.type().equals(type)) throw new AssertionError("expected " + type + " but got " + f);
        return f.json();
    }

    /** All audio bytes among {@code got}, in order. */
    public static byte[] audio(List<Frame> got) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : got) {
            byte[] a = f.audio();
            if (a != null) out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /** Waits for the server to close the socket. */
    public Closed awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection without a closing handshake. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    frames.add(new Frame(JSON.readTree(text.toString()), null));
                } catch (Exception e) {
                    frames.add(new Frame(JSON.createObjectNode().put("type", "unparsable").put("raw", text.toString()),
                            null));
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                frames.add(new Frame(null, binary.toByteArray()));
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
