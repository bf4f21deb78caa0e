package dev.hlas.testing.hub;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a model hub on 127.0.0.1: serves files by path, and can misbehave per path (cut the body off
 * half-way after promising the full length). Used as the {@code --mirror} of the real catalog code.
 */
public final class LocalHub implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> truncated = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    public LocalHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.merge(path, 1, Integer::sum);
            byte[] body = files.get(path);
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                if (truncated.contains(path)) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    exchange.getHttpContext().getServer(); // keep the exchange open, then drop the connection
                    throw new IOException("simulated connection loss");
                }
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves {@code body} at {@code path} (starting with /). */
    public LocalHub put(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    /** Makes {@code path} send half its body and then drop the connection. */
    public LocalHub truncate(String path) {
        truncated.add(path);
        return this;
    }

    public int requests(String path) {
        return requests.getOrDefault(path, 0);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:34567}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    public static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
