package dev.hlas.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.api.SpeechRequestParser;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Encoders;
import dev.hlas.config.HlasConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestRecord;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection: its sticky configuration, the utterance receiving text now, and the utterances being
 * spoken. Client frames arrive one at a time on Jetty's thread ({@link #onText}); each utterance's audio is sent by
 * its own virtual thread, in utterance order.
 *
 * <p>Every frame leaves through {@link #send}, under one lock that {@link #cancelAll} also holds while it marks the
 * utterances cancelled and sends {@code cancelled}: no frame of a cancelled utterance can follow {@code cancelled}.
 */
final class StreamSession {
    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
    private static final Logger requestLog = LoggerFactory.getLogger("dev.hlas.request");
    /** What a configuration is tried with, to find the voice it resolves to before anything is spoken. */
    private static final String PROBE = "Ok.";
    /** A frame the client does not take within this long means the socket is unusable. */
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private final String id;
    private final Session socket;
    private final String keyLabel;
    private final String client;
    private final HlasConfig config;
    private final ResponsePipeline pipeline;
    private final Metrics metrics;
    private final SpeechRequestParser parser;
    private final Object sendLock = new Object();
    private final Set<Utterance> live = ConcurrentHashMap.newKeySet();
    private ObjectNode sticky = WsMessages.JSON.createObjectNode();
    private SpeechRequest settings;
    private boolean binary;
    /** Whether utterances send {@code words} messages ({@code "timestamps": "word"}, the default). */
    private boolean words = true;
    private Utterance current;
    private Utterance last;
    private int utterances;
    private boolean closing;
    private volatile boolean gone;

    StreamSession(String id, Session socket, String keyLabel, String client, HlasConfig config,
                  ResponsePipeline pipeline, Metrics metrics) {
        this.id = id;
        this.socket = socket;
        this.keyLabel = keyLabel;
        this.client = client;
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.parser = new SpeechRequestParser(config.maxInputChars());
    }

    /** Applies the default configuration and says {@code ready}. */
    synchronized void start() {
        settings = parse(sticky);
        int rate;
        try {
            rate = Encoders.outputRate(settings.format(), settings.sampleRate(),
                    pipeline.speech().plan(settings.probe()).nativeSampleRate());
        } catch (HlasException e) {
            rate = Encoders.outputRate(settings.format(), settings.sampleRate(), 24_000);
        }
        send(null, WsMessages.of("ready", "session_id", id, "sample_rate", rate, "formats",
                Arrays.stream(AudioFormat.values()).map(AudioFormat::wireName).toList(), "voices_url",
                "/v1/audio/voices"));
    }

    /** A text frame from the client. A bad one is answered with {@code error}; the session goes on. */
    synchronized void onText(String raw) {
        if (gone || closing) return;
        try {
            if (raw.length() > config.webSocket().maxMessageBytes()
                    || raw.getBytes(StandardCharsets.UTF_8).length > config.webSocket().maxMessageBytes()) {
                throw WsMessages.invalid(null, "message_too_large", "The message is larger than "
                        + config.webSocket().maxMessageBytes() + " bytes; send text in smaller deltas.");
            }
            JsonNode message;
            try {
                message = WsMessages.JSON.readTree(raw);
            } catch (Exception e) {
                throw WsMessages.invalid(null, "invalid_json", "The message is not valid JSON. Messages are JSON "
                        + "objects such as {\"type\":\"text\",\"text\":\"Hello\"}.");
            }
            if (message == null || !message.isObject()) {
                throw WsMessages.invalid(null, "invalid_json", "A message must be a JSON object with a 'type'.");
            }
            JsonNode type = message.get("type");
            if (type == null || !type.isTextual()) {
                throw WsMessages.invalid("type", "missing_required_parameter",
                        "Missing required parameter: 'type' (config, text, flush, cancel or close).");
            }
            switch (type.textValue()) {
                case "config" -> configure(message);
                case "text" -> text(message);
                case "flush" -> flush();
                case "cancel" -> cancelAll(true);
                case "close" -> close();
                default -> throw WsMessages.invalid("type", "unsupported_value", "Unknown message type '"
                        + type.textValue() + "'. Supported types are: config, text, flush, cancel, close.");
            }
        } catch (HlasException e) {
            sendError(null, e);
        } catch (RuntimeException e) {
            log.error("WebSocket session {}: handling a message failed", id, e);
            sendError(null, HlasException.internal("The server failed to handle the message.", e));
        }
    }

    /** A binary frame: the protocol has none from clients. */
    void onBinary() {
        if (gone) return;
        sendError(null, WsMessages.invalid(null, "unsupported_value",
                "Binary messages are not accepted; send JSON text messages."));
    }

    /** The socket closed or failed: everything stops, nothing more is sent. */
    void gone() {
        gone = true;
        cancelAll(false);
    }

    private void configure(JsonNode message) {
        ObjectNode candidate = sticky.deepCopy();
        message.properties().forEach(field -> {
            if (field.getKey().equals("type")) return;
            if (field.getValue().isNull()) {
                candidate.remove(field.getKey());
            } else {
                candidate.set(field.getKey(), field.getValue());
            }
        });
        JsonNode bin = candidate.get("binary");
        if (bin != null && !bin.isBoolean()) {
            throw WsMessages.invalid("binary", "invalid_type", "Invalid type for 'binary': expected a boolean.");
        }
        boolean wordTimes = wordTimestamps(candidate);
        SpeechRequest parsed = parse(candidate);
        SpeechPlan plan = pipeline.speech().plan(parsed.probe()); // an unavailable voice fails here
        sticky = candidate;
        settings = parsed;
        binary = bin != null && bin.booleanValue();
        words = wordTimes;
        send(null, WsMessages.of("config_ack", "config", effective(parsed, plan)));
    }

    /** {@code timestamps}: {@code "word"} (the default here) sends each sentence's {@code words}; {@code "none"} not. */
    private static boolean wordTimestamps(ObjectNode given) {
        JsonNode node = given.get("timestamps");
        if (node == null) return true;
        if (!node.isTextual()) {
            throw WsMessages.invalid("timestamps", "invalid_type", "Invalid type for 'timestamps': expected a string.");
        }
        return switch (node.textValue()) {
            case "word" -> true;
            case "none" -> false;
            default -> throw WsMessages.invalid("timestamps", "unsupported_value", "Invalid value '"
                    + node.textValue() + "' for 'timestamps'. Supported values are: word, none.");
        };
    }

    /** The configuration as HTTP would read it, with the WebSocket defaults (PCM, the server's default voice). */
    private SpeechRequest parse(ObjectNode given) {
        ObjectNode request = given.deepCopy();
        request.remove("binary");
        request.remove("timestamps"); // over HTTP it needs SSE; here it has its own message
        request.put("input", PROBE);
        if (!request.hasNonNull("model")) request.put("model", "tts-1");
        if (!request.hasNonNull("voice")) request.put("voice", config.defaultVoice());
        if (!request.hasNonNull("response_format")) request.put("response_format", AudioFormat.PCM.wireName());
        return parser.parse(request).withInput("");
    }

    private Map<String, Object> effective(SpeechRequest r, SpeechPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voice", plan.sentences().getFirst().voice().id());
        m.put("voice_requested", r.voice());
        m.put("lang", r.language());
        m.put("speed", r.speed());
        m.put("response_format", r.format().wireName());
        m.put("sample_rate", Encoders.outputRate(r.format(), r.sampleRate(), plan.nativeSampleRate()));
        m.put("binary", binary);
        m.put("timestamps", words ? "word" : "none");
        m.put("total_steps", r.totalSteps());
        m.put("normalize", r.normalize());
        m.put("volume", r.volume());
        m.put("speaker", r.speaker());
        m.put("noise_scale", r.noiseScale());
        m.put("noise_w", r.noiseW());
        m.put("instructions", r.instructions());
        m.put("model", r.model());
        return m;
    }

    private void text(JsonNode message) {
        JsonNode node = message.get("text");
        if (node == null || node.isNull()) {
            throw WsMessages.invalid("text", "missing_required_parameter", "Missing required parameter: 'text'.");
        }
        if (!node.isTextual()) {
            throw WsMessages.invalid("text", "invalid_type", "Invalid type for 'text': expected a string.");
        }
        String delta = node.textValue();
        if (delta.isEmpty()) return;
        if (current == null) {
            current = new Utterance(this, ++utterances, last, settings, binary, words);
            last = current;
            live.add(current);
        }
        int chars = delta.codePointCount(0, delta.length());
        if (current.characters() + chars > config.maxInputChars()) {
            throw WsMessages.invalid("text", "string_above_max_length", "The utterance would be "
                    + (current.characters() + chars) + " characters long; the maximum is " + config.maxInputChars()
                    + ". Send 'flush' to speak what is buffered before sending more.");
        }
        current.append(delta);
    }

    private void flush() {
        Utterance u = current;
        current = null;
        if (u != null) u.flush();
    }

    /** {@code close}: what was sent is spoken to the end (unflushed text is flushed), then the socket closes. */
    private void close() {
        flush();
        closing = true;
        Utterance waitFor = last;
        Thread.ofVirtual().name("hlas-ws-close").start(() -> {
            try {
                if (waitFor != null) waitFor.done().await();
            } catch (InterruptedException e) {
                return;
            }
            if (socket.isOpen()) socket.close(1000, "Closed by the client's request.", Callback.NOOP);
        });
    }

    /** Stops every utterance of the session; with {@code tell}, says {@code cancelled} after the last frame. */
    void cancelAll(boolean tell) {
        synchronized (sendLock) {
            for (Utterance u : live) u.cancel();
            if (tell) send(null, WsMessages.of("cancelled"));
        }
        synchronized (this) {
            current = null;
        }
    }

    /** Called by an utterance when it has ended, however. */
    void ended(Utterance u) {
        live.remove(u);
    }

    ResponsePipeline pipeline() {
        return pipeline;
    }

    /**
     * Sends a text frame, unless it belongs to a cancelled utterance or the socket is closed; waits until the
     * socket took it.
     *
     * @return whether it was sent
     */
    boolean send(Utterance owner, String text) {
        Callback.Completable done = new Callback.Completable();
        synchronized (sendLock) {
            if (owner != null && owner.cancelled() || !socket.isOpen()) return false;
            socket.sendText(text, done);
        }
        return await(done);
    }

    /** Sends audio: a binary frame when the utterance was configured so, else an {@code audio} message. */
    boolean sendAudio(Utterance owner, byte[] bytes, boolean asBinary) {
        if (!asBinary) {
            return send(owner, WsMessages.of("audio", "chunk", Base64.getEncoder().encodeToString(bytes)));
        }
        Callback.Completable done = new Callback.Completable();
        synchronized (sendLock) {
            if (owner != null && owner.cancelled() || !socket.isOpen()) return false;
            socket.sendBinary(ByteBuffer.wrap(bytes), done);
        }
        return await(done);
    }

    void sendError(Utterance owner, Throwable failure) {
        send(owner, WsMessages.error(failure));
    }

    private boolean await(Callback.Completable done) {
        try {
            done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("WebSocket session {}: send failed: {}", id, e.toString());
            if (!gone) {
                gone = true;
                Thread.ofVirtual().start(() -> cancelAll(false));
                socket.disconnect();
            }
            return false;
        }
    }

    /** A request record for one utterance, starting when its first sentence could be synthesized. */
    RequestRecord newRecord(int number, long startNanos) {
        RequestRecord r = new RequestRecord(id + "-" + number, "WS", SpeechSocket.PATH, startNanos,
                System.currentTimeMillis());
        r.transport("ws");
        r.client(client);
        r.keyLabel(keyLabel);
        r.route(SpeechSocket.PATH);
        return r;
    }

    /** Finishes an utterance's record: metrics, the summary and one request-log line. */
    void finishRecord(RequestRecord r, int status, String text) {
        r.finish(status, System.nanoTime());
        if (config.serving().logTexts() && text != null) r.text(text);
        metrics.requestFinished(r);
        if (!requestLog.isInfoEnabled()) return;
        StringBuilder b = new StringBuilder(160);
        b.append("id=").append(r.id()).append(" transport=ws method=WS path=").append(r.path()).append(" status=")
                .append(r.status()).append(" ms=").append(Math.round(r.durationSeconds() * 1000)).append(" client=")
                .append(r.client()).append(" key=").append(r.keyLabel());
        if (r.isSpeech()) {
            b.append(" voice=").append(r.voice()).append(" engine=").append(r.engine()).append(" format=")
                    .append(r.format()).append(" chars=").append(r.characters()).append(" cache=").append(r.cache())
                    .append(" audio_s=").append(String.format(Locale.ROOT, "%.2f", r.audioSeconds()));
            if (!Double.isNaN(r.ttfbSeconds())) b.append(" ttfb_ms=").append(Math.round(r.ttfbSeconds() * 1000));
            if (r.wasAborted()) b.append(" aborted=true");
            if (r.text() != null) b.append(" text=").append(WsMessages.write(r.text()));
        }
        requestLog.info(b.toString());
    }
}
