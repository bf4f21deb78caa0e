package dev.hlas.cli;

import dev.hlas.config.WebSocketConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Options of the streaming WebSocket endpoint ({@code hlas serve}); each has an {@code HLAS_*} equivalent. */
final class WebSocketOptions {
    @Option(names = "--ws", negatable = true, defaultValue = "${env:HLAS_WS:-true}", fallbackValue = "true",
            description = "Serve WS /v1/audio/speech/stream (HLAS_WS); --no-ws turns it off.")
    boolean enabled;

    @Option(names = "--ws-idle-timeout", defaultValue = "${env:HLAS_WS_IDLE_TIMEOUT:-300}",
            description = "Seconds a WebSocket session may stay silent before it is closed (HLAS_WS_IDLE_TIMEOUT).")
    int idleTimeoutSeconds;

    @Option(names = "--ws-max-sessions", defaultValue = "${env:HLAS_WS_MAX_SESSIONS:-256}",
            description = "Open WebSocket sessions at once (HLAS_WS_MAX_SESSIONS).")
    int maxSessions;

    WebSocketConfig toConfig() {
        return WebSocketConfig.defaults().withEnabled(enabled).withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .withMaxSessions(maxSessions);
    }
}
