package dev.hlas.wyoming;

import dev.hlas.config.HlasConfig;
import dev.hlas.config.WyomingConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.Metrics;
import dev.hlas.response.ResponsePipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Wyoming protocol server: Home Assistant's local voice protocol over TCP, on the same response pipeline (text
 * front-end, voices, cache, admission, metrics) as HTTP. One virtual thread per connection reads frames; a watchdog
 * drops connections whose frame, write or silence runs past its bound, so no client can hold a thread or an engine
 * place by going slow.
 */
public final class WyomingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WyomingServer.class);
    private static final long WATCHDOG_MILLIS = 100;
    private final WyomingConfig config;
    private final ResponsePipeline pipeline;
    private final Metrics metrics;
    private final WyomingVoices voices;
    private final int maxInputChars;
    private final boolean logTexts;
    private final ServerSocket socket;
    private final Set<WyomingConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turns = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final ScheduledExecutorService watchdog;
    private final Thread acceptor;
    private final Zeroconf zeroconf;
    private volatile boolean closing;

    private WyomingServer(HlasConfig config, ResponsePipeline pipeline, Metrics metrics) throws IOException {
        this.config = config.wyoming();
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.voices = new WyomingVoices(pipeline.speech().voices(), this.config.speeds(), config.defaultVoice(),
                config.voices().defaultLanguage());
        this.maxInputChars = config.maxInputChars();
        this.logTexts = config.serving().logTexts();
        String host = this.config.hostOr(config.host());
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), this.config.port()), 64);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("hlas-wyoming-watchdog").unstarted(r));
        watchdog.scheduleWithFixedDelay(this::patrol, WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
        this.acceptor = Thread.ofVirtual().name("hlas-wyoming-accept").start(this::accept);
        this.zeroconf = this.config.zeroconf() ? Zeroconf.announce(host, port()) : null;
        log.info("Wyoming server listening on {}:{}{}", host, port(), zeroconf == null ? "" : " (announced over mDNS)");
    }

    /** Binds the configured port and starts accepting. */
    public static WyomingServer start(HlasConfig config, ResponsePipeline pipeline, Metrics metrics) {
        try {
            return new WyomingServer(config, pipeline, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for Wyoming on port " + config.wyoming().port(), e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Open connections. */
    public int connections() {
        return connections.size();
    }

    /** Syntheses whose thread is still running. */
    public int activeTurns() {
        return turns.get();
    }

    private void accept() {
        while (!closing) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!closing) log.warn("Wyoming accept failed: {}", e.toString());
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                WyomingConnection connection = new WyomingConnection(this, client);
                connections.add(connection);
                if (closing) {
                    connection.close();
                    connections.remove(connection);
                    continue;
                }
                Thread.ofVirtual().name("hlas-wyoming-" + connection.client()).start(connection);
            } catch (IOException | RuntimeException e) {
                log.debug("Wyoming connection setup failed: {}", e.toString());
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already broken
                }
            }
        }
    }

    /** Drops connections that are too slow: a frame, a write, or silence past its bound. */
    private void patrol() {
        long now = System.nanoTime();
        for (WyomingConnection c : connections) {
            try {
                String reason = c.overdue(now);
                if (reason != null) {
                    log.debug("wyoming {}: disconnecting: {}", c.client(), reason);
                    c.close();
                }
            } catch (RuntimeException e) {
                log.warn("Wyoming watchdog failed", e);
            }
        }
    }

    WyomingConfig config() {
        return config;
    }

    ResponsePipeline pipeline() {
        return pipeline;
    }

    Metrics metrics() {
        return metrics;
    }

    WyomingVoices voices() {
        return voices;
    }

    boolean logTexts() {
        return logTexts;
    }

    String newId() {
        return "wy-" + idPrefix + "-" + ids.incrementAndGet();
    }

    /** Rejects a text above {@code --max-input-chars}. */
    void checkLength(String text) {
        checkLength(text.codePointCount(0, text.length()));
    }

    void checkLength(int characters) {
        if (characters > maxInputChars) {
            throw HlasException.invalid("text", "string_above_max_length", "The text is " + characters
                    + " characters long; the limit is " + maxInputChars + " (--max-input-chars).");
        }
    }

    void ended(WyomingConnection connection) {
        connections.remove(connection);
    }

    void turnStarted() {
        turns.incrementAndGet();
    }

    void turnEnded() {
        turns.decrementAndGet();
    }

    @Override
    public void close() {
        closing = true;
        if (zeroconf != null) zeroconf.close();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(WyomingConnection::close);
        watchdog.shutdownNow();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
