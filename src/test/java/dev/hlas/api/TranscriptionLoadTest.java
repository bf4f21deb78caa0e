package dev.hlas.api;

import dev.hlas.testing.Multipart;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The recognition pool under a burst: refusals are immediate 429s with Retry-After, never 5xx. */
class TranscriptionLoadTest {
    @TempDir
    Path home;

    @Test
    void a_large_upload_passes_and_thirty_concurrent_uploads_get_answers_or_429_with_retry_after_and_no_5xx() throws Exception {
        TranscriptionApiTest.installModel(home);
        try (TestServer server = new TestServer(home, c -> c.withStt(c.stt().withThreads(1).withWorkers(1))
                .withServing(c.serving().withQueueLimit(2)))) {
            byte[] wav = server.post(TestServer.speechJson("alloy", "Hello there, how are you?", "wav")).body();
            // the default limit (25 MB) is the multipart limit, not the 1 MB body limit of the JSON routes
            Path big = home.resolve("big.wav");
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=20", "-ac", "2", "-ar", "44100", big.toString()).start();
            assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.size(big)).isGreaterThan(3_000_000);
            Multipart large = new Multipart().file("file", "big.wav", "audio/wav", Files.readAllBytes(big))
                    .field("response_format", "verbose_json");
            HttpResponse<String> accepted = server.http().send(HttpRequest.newBuilder(
                            server.uri("/v1/audio/transcriptions")).header("Content-Type", large.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(large.bytes())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).contains("\"duration\":20.0");
            Multipart form = new Multipart().file("file", "a.wav", "audio/wav", wav).field("model", "whisper-1");
            byte[] body = form.bytes();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 30; i++) {
                    calls.add(clients.submit(() -> {
                        go.await();
                        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/audio/transcriptions"))
                                .header("Content-Type", form.contentType())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        return server.http().send(request, HttpResponse.BodyHandlers.ofString());
                    }));
                }
                go.countDown();
                int ok = 0;
                int busy = 0;
                for (Future<HttpResponse<String>> call : calls) {
                    HttpResponse<String> r = call.get();
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
                    if (r.statusCode() == 429) {
                        busy++;
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                        assertThat(r.body()).contains("\"rate_limit_error\"");
                    } else {
                        ok++;
                    }
                }
                assertThat(ok).isPositive();
                assertThat(busy).isPositive();
            }
            assertThat(server.hlas().transcriptions().load().admitted()).isZero();
        }
    }
}
