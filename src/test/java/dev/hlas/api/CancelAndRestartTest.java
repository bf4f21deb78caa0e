package dev.hlas.api;

import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voice agents interrupt themselves: they abandon the stream being played (closing its connection) and at once ask
 * for the next. Places held by connections the client has already closed must not count against it.
 */
class CancelAndRestartTest {
    @TempDir
    Path home;

    @Test
    void clients_that_abandon_streams_and_restart_at_once_are_never_refused() throws Exception {
        int clients = 3;
        int rounds = 12;
        TestEngine engine = new TestEngine("agent", 16).chunks(400, 0.05).sleepPerChunk(Duration.ofMillis(40));
        try (TestServer server = TestServer.start(home, s -> s.withWorkers(Map.of("agent", 16)).withQueueLimit(32)
                .withMaxStreamsPerClient(4).withCache(false, 0, 0), engine)) {
            Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            String status = streamALittleThenHangUp(server, engine, "Client " + client + " turn "
                                    + r + ".", refusals);
                            statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            assertThat(refusals.size()).as("requests refused, of %d; first: %s", clients * rounds,
                    refusals.isEmpty() ? "-" : refusals.getFirst()).isZero();
            assertThat(statuses).containsOnlyKeys("200");
            assertThat(statuses.get("200")).hasValue(clients * rounds);
            // Every abandoned stream stopped synthesizing and gave its place back.
            Await.until("server.hlas().speech().scheduler().activeStreams() == 0", Duration.ofSeconds(10),
                    () -> server.hlas().speech().scheduler().activeStreams() == 0);
            Await.until("engine.running() == 0", Duration.ofSeconds(5), () -> engine.running() == 0);
            Await.until("server.hlas().server().inFlight() == 0", Duration.ofSeconds(5),
                    () -> server.hlas().server().inFlight() == 0);
        }
    }

    /** Starts a long PCM stream, reads its headers and a little audio, closes the connection; answers the status. */
    private static String streamALittleThenHangUp(TestServer server, TestEngine engine, String text,
                                                  List<String> refusals) throws IOException {
        byte[] body = TestServer.speechJson(engine.voiceId(), text, "pcm").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/audio/speech HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int total = in.readNBytes(buf, 0, 12);
            String status = new String(buf, 9, 3, StandardCharsets.US_ASCII);
            if (!status.equals("200")) {
                int n = in.read(buf); // what has arrived of the refusal, for the failure message
                refusals.add(status + (n > 0 ? new String(buf, 0, n, StandardCharsets.UTF_8) : ""));
                return status;
            }
            while (total < 4096) { // headers and some audio: the stream is mid-way
                int n = in.read(buf, 0, 4096 - total);
                if (n < 0) throw new IOException("stream ended early");
                total += n;
            }
        } // hung up mid-stream
        return "200";
    }
}
