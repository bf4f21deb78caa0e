package dev.hlas.api.ws;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.WebSocketConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.Metrics;
import dev.hlas.response.ResponsePipeline;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import io.javalin.websocket.WsBinaryMessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code WS /v1/audio/speech/stream}: registers the route, authenticates each connection (a bearer header, an
 * {@code api_key} query parameter, or the browser's subprotocol {@code openai-insecure-api-key.<key>}; wrong or
 * missing → close 1008 before anything is synthesized), caps the number of sessions (one more → close 1013), and
 * hands every frame to its {@link StreamSession}. Keys never reach a log: only their labels do.
 */
public final class SpeechSocket {
    public static final String PATH = "/v1/audio/speech/stream";
    /** Prefix of the subprotocol that carries an API key from a browser (which cannot set headers). */
    static final String KEY_PROTOCOL = "openai-insecure-api-key.";
    /** Close code for a policy violation (a missing or wrong key). */
    static final int POLICY_VIOLATION = 1008;
    /** Close code for "try again later" (too many sessions). */
    static final int TRY_AGAIN_LATER = 1013;
    private static final Logger log = LoggerFactory.getLogger(SpeechSocket.class);
    private final HlasConfig config;
    private final WebSocketConfig ws;
    private final ResponsePipeline pipeline;
    private final Metrics metrics;
    private final ApiKeys keys;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    public SpeechSocket(HlasConfig config, ResponsePipeline pipeline, Metrics metrics) {
        this.config = config;
        this.ws = config.webSocket();
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.keys = ApiKeys.of(config.serving().apiKeys());
    }

    /** Adds the route and the socket limits to a server being configured. */
    public void register(JavalinConfig cfg) {
        cfg.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(ws.idleTimeout());
            factory.setMaxTextMessageSize(ws.hardMessageBytes());
            factory.setMaxBinaryMessageSize(ws.hardMessageBytes());
        });
        cfg.routes.wsBeforeUpgrade(PATH, SpeechSocket::chooseProtocol);
        cfg.routes.ws(PATH, handlers -> {
            handlers.onConnect(this::connected);
            handlers.onMessage(this::message);
            handlers.onBinaryMessage(this::binary);
            handlers.onClose(this::closed);
            handlers.onError(this::failed);
        });
    }

    /** Sessions open now. */
    public int sessions() {
        return sessions.size();
    }

    /**
     * A browser that offers subprotocols fails the handshake unless one is accepted: accept the first that is not
     * the key carrier, so the key is not echoed back; only a key offered alone is accepted as itself.
     */
    private static void chooseProtocol(Context ctx) {
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered == null || offered.isBlank()) return;
        List<String> protocols = Arrays.stream(offered.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        String chosen = protocols.stream().filter(p -> !p.startsWith(KEY_PROTOCOL)).findFirst()
                .orElse(protocols.isEmpty() ? null : protocols.getFirst());
        if (chosen != null) ctx.res().setHeader("Sec-WebSocket-Protocol", chosen);
    }

    private void connected(WsConnectContext ctx) {
        String label;
        try {
            label = keys.authenticate(authorization(ctx));
        } catch (HlasException e) {
            ctx.closeSession(POLICY_VIOLATION, e.getMessage().length() > 120 ? "Missing or incorrect API key."
                    : e.getMessage());
            return;
        }
        if (open.incrementAndGet() > ws.maxSessions()) {
            open.decrementAndGet();
            ctx.closeSession(TRY_AGAIN_LATER, "Too many open sessions (" + ws.maxSessions() + "); try again later.");
            return;
        }
        String client = ctx.session.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() : "-";
        StreamSession session = new StreamSession(ctx.sessionId(), ctx.session, label, client, config, pipeline,
                metrics);
        sessions.put(ctx.sessionId(), session);
        log.debug("WebSocket session {} opened (client {}, key {})", ctx.sessionId(), client, label);
        session.start();
    }

    /** The key as an {@code Authorization} value: from the header, else the query, else the subprotocol. */
    private static String authorization(WsContext ctx) {
        String header = ctx.header("Authorization");
        if (header != null && !header.isBlank()) return header;
        String query = ctx.queryParam("api_key");
        if (query != null && !query.isBlank()) return "Bearer " + query;
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered != null) {
            for (String p : offered.split(",")) {
                String s = p.strip();
                if (s.startsWith(KEY_PROTOCOL)) return "Bearer " + s.substring(KEY_PROTOCOL.length());
            }
        }
        return null;
    }

    private void message(WsMessageContext ctx) {
        StreamSession session = sessions.get(ctx.sessionId());
        if (session != null) session.onText(ctx.message());
    }

    private void binary(WsBinaryMessageContext ctx) {
        StreamSession session = sessions.get(ctx.sessionId());
        if (session != null) session.onBinary();
    }

    private void closed(WsCloseContext ctx) {
        end(ctx.sessionId());
    }

    private void failed(WsErrorContext ctx) {
        log.debug("WebSocket session {} failed: {}", ctx.sessionId(), String.valueOf(ctx.error()));
        end(ctx.sessionId());
    }

    private void end(String id) {
        StreamSession session = sessions.remove(id);
        if (session == null) return;
        open.decrementAndGet();
        session.gone();
    }
}
