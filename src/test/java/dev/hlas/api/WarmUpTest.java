package dev.hlas.api;

import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server warms up before it binds its port, through a pipeline of its own: by the time a client can connect
 * it is warm, and nothing of the warm-up shows in the metrics, the request records or the cache.
 */
class WarmUpTest {
    @TempDir
    Path home;

    @Test
    void warm_up_happens_before_the_port_opens_and_is_neither_metered_recorded_nor_cached() throws Exception {
        try (TestServer server = new TestServer(home)) {
            // The listener the server was built with hears every metered synthesis: warm-up must not be one.
            assertThat(server.sentences().done()).isEmpty();
            assertThat(server.hlas().speech().scheduler().activeStreams()).isZero();
            assertThat(server.get("/ready").statusCode()).isEqualTo(200);
            assertThat(server.get("/v1/ops/summary").body()).contains("\"speech_requests_total\":0");
            String metrics = server.get("/metrics").body();
            assertThat(metrics.lines().filter(l -> l.startsWith("hlas_http_requests") && l.contains("/v1/audio/speech")
                    || l.startsWith("hlas_audio_seconds_total")).filter(l -> !l.endsWith(" 0.0")).toList()).isEmpty();
            assertThat(server.hlas().cache().stats().stores()).isZero();
            Path cacheDir = home.resolve("cache").resolve("speech");
            try (Stream<Path> files = Files.exists(cacheDir) ? Files.walk(cacheDir) : Stream.empty()) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }

            // The first real request is metered like any other.
            HttpResponse<byte[]> first = server.post(TestServer.speechJson("alloy", "Hello there.", "wav"));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(server.sentences().done()).isNotEmpty();
            assertThat(server.get("/v1/ops/summary").body()).contains("\"speech_requests_total\":1");
        }
    }
}
