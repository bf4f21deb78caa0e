package dev.hlas.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Wyoming protocol server (Home Assistant's local voice protocol), off unless a port is given. Part of
 * {@link HlasConfig}; validated here, once.
 *
 * @param port         TCP port, 0 for any free port (tests), or -1 for no Wyoming server
 * @param host         address to listen on, or null for the HTTP server's {@code host}
 * @param speeds       speed variants offered as extra voices ({@code <voice>@1.2}), each 0.25–4.0 and not 1.0
 * @param zeroconf     whether the server is announced over mDNS as {@code _wyoming._tcp.local.}
 * @param frameTimeout longest a frame may take to arrive once its first byte did (slow clients are disconnected)
 * @param writeTimeout longest one write to a client may block (a client that stopped reading is disconnected)
 * @param idleTimeout  longest a connection may stay silent between frames while nothing is being spoken
 */
public record WyomingConfig(int port, String host, List<Double> speeds, boolean zeroconf, Duration frameTimeout,
                            Duration writeTimeout, Duration idleTimeout) {
    public static final int DEFAULT_PORT = 10200;

    public WyomingConfig {
        if (port < -1 || port > 65535) throw new IllegalArgumentException("Wyoming port must be 0–65535: " + port);
        if (host != null && host.isBlank()) host = null;
        speeds = List.copyOf(speeds == null ? List.of() : speeds);
        for (double s : speeds) {
            if (!(s >= 0.25 && s <= 4.0) || s == 1.0) {
                throw new IllegalArgumentException("Wyoming speeds must be 0.25–4.0 and not 1.0: " + s);
            }
        }
        requirePositive("frame timeout", frameTimeout);
        requirePositive("write timeout", writeTimeout);
        requirePositive("idle timeout", idleTimeout);
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
    }

    /** No Wyoming server. */
    public static WyomingConfig off() {
        return new WyomingConfig(-1, null, List.of(0.9, 1.1, 1.2), true, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    /** Whether a Wyoming server is started. */
    public boolean enabled() {
        return port >= 0;
    }

    /** The address to listen on, given the HTTP server's. */
    public String hostOr(String httpHost) {
        return host == null ? httpHost : host;
    }

    public WyomingConfig withPort(int newPort) {
        return new WyomingConfig(newPort, host, speeds, zeroconf, frameTimeout, writeTimeout, idleTimeout);
    }

    public WyomingConfig withHost(String newHost) {
        return new WyomingConfig(port, newHost, speeds, zeroconf, frameTimeout, writeTimeout, idleTimeout);
    }

    public WyomingConfig withSpeeds(List<Double> newSpeeds) {
        return new WyomingConfig(port, host, newSpeeds, zeroconf, frameTimeout, writeTimeout, idleTimeout);
    }

    public WyomingConfig withZeroconf(boolean on) {
        return new WyomingConfig(port, host, speeds, on, frameTimeout, writeTimeout, idleTimeout);
    }

    public WyomingConfig withTimeouts(Duration frame, Duration write, Duration idle) {
        return new WyomingConfig(port, host, speeds, zeroconf, frame, write, idle);
    }

    /** Parses {@code 0.9,1.1,1.2}; blank means no variants. */
    public static List<Double> parseSpeeds(String spec) {
        if (spec == null || spec.isBlank()) return List.of();
        List<Double> speeds = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                speeds.add(Double.parseDouble(p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Wyoming speeds must look like '0.9,1.1,1.2': " + spec);
            }
        }
        return speeds;
    }
}
