package dev.hlas.api;

import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request refused before its body was read (here: no API key) still leaves a kept-alive connection usable: a
 * client that sends its body a moment after the headers, as real clients may, and then its next request on the same
 * connection gets an answer to both. (Answering before the body arrived and then closing broke the second request
 * with "header parser received no bytes".)
 */
class RefusedRequestConnectionTest {
    @TempDir
    Path home;

    @Test
    void a_refused_request_with_a_late_body_leaves_the_connection_usable_for_the_next() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s.withApiKeys(List.of("sk-only")));
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] body = "{\"model\":\"tts-1\",\"input\":\"Hello.\",\"voice\":\"alloy\"}".getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";

            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // a slow client: the body comes after the server has seen the headers
            out.write(body);
            out.flush();
            Response first = Response.read(in);
            assertThat(first.status()).isEqualTo(401);
            assertThat(first.body()).contains("authentication_error");

            out.write(head.replace("Content-Type", "Authorization: Bearer sk-only\r\nContent-Type")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Response second = Response.read(in);
            assertThat(second.status()).as("the same connection answers the next request").isEqualTo(200);
        }
    }

    record Response(int status, String headers, String body) {
        static Response read(InputStream in) throws IOException {
            String head = line(in);
            StringBuilder headers = new StringBuilder();
            long length = -1;
            boolean chunked = false;
            for (String h; !(h = line(in)).isEmpty(); ) {
                headers.append(h).append('\n');
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size; (size = Integer.parseInt(line(in).strip(), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            }
            return new Response(Integer.parseInt(head.split(" ")[1]), headers.toString(),
                    body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new IOException("connection closed after: " + b);
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }
    }
}
