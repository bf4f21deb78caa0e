package dev.hlas.config;

import java.time.Duration;

/**
 * The streaming WebSocket endpoint ({@code WS /v1/audio/speech/stream}).
 *
 * @param enabled         whether the endpoint exists ({@code --no-ws} turns it off)
 * @param idleTimeout     a session that neither sends nor receives anything for this long is closed
 * @param maxSessions     open sessions at once; one more is closed at once with 1013 (try again later)
 * @param maxMessageBytes largest client message handled; a larger one is answered with an {@code error} and
 *                        ignored (the session survives up to {@link #hardMessageBytes()}, beyond which the socket
 *                        is closed with 1009)
 */
public record WebSocketConfig(boolean enabled, Duration idleTimeout, int maxSessions, int maxMessageBytes) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_SESSIONS = 256;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

    public WebSocketConfig {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("WebSocket idle timeout must be positive: " + idleTimeout);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("WebSocket max sessions must be positive: " + maxSessions);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("WebSocket max message size must be at least 1024 bytes: "
                    + maxMessageBytes);
        }
    }

    /** On, 5-minute idle timeout, 256 sessions, 64 KiB messages. */
    public static WebSocketConfig defaults() {
        return new WebSocketConfig(true, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The size at which the socket itself refuses a message (and closes): well above {@link #maxMessageBytes}. */
    public long hardMessageBytes() {
        return Math.max(1L << 20, maxMessageBytes * 4L);
    }

    public WebSocketConfig withEnabled(boolean on) {
        return new WebSocketConfig(on, idleTimeout, maxSessions, maxMessageBytes);
    }

    public WebSocketConfig withIdleTimeout(Duration timeout) {
        return new WebSocketConfig(enabled, timeout, maxSessions, maxMessageBytes);
    }

    public WebSocketConfig withMaxSessions(int max) {
        return new WebSocketConfig(enabled, idleTimeout, max, maxMessageBytes);
    }

    public WebSocketConfig withMaxMessageBytes(int max) {
        return new WebSocketConfig(enabled, idleTimeout, maxSessions, max);
    }
}
