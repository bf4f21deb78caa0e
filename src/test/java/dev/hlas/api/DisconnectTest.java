package dev.hlas.api;

import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.hlas.api.AdmissionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/** A client that leaves mid-stream stops synthesis and frees its worker. */
class DisconnectTest {
    @TempDir
    Path home;

    @Test
    void client_disconnecting_mid_stream_frees_its_worker_and_stops_synthesis() throws Exception {
        int sentences = 400;
        try (TestServer server = new TestServer(home, c -> c.withMaxInputChars(100_000))) {
            String input = IntStream.range(0, sentences)
                    .mapToObj(i -> "This is a fairly long sentence number " + i + " that takes a while to say.")
                    .collect(Collectors.joining(" "));
            String body = "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}";
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/audio/speech HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(payload);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] first = in.readNBytes(4096);
                assertThat(new String(first, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                assertThat(server.hlas().speech().scheduler().activeStreams()).isEqualTo(1);
            }
            awaitTrue(() -> server.hlas().speech().scheduler().activeStreams() == 0, Duration.ofSeconds(5));
            // The stream's producer has ended (it reports a sentence before it ends, and the end is reported last),
            // so no further sentence can be synthesized for it: the count is final without waiting.
            int synthesized = server.listener().done().size();
            assertThat(synthesized).as("stopped long before the end").isLessThan(sentences / 2);
        }
    }
}
