package dev.hlas.api;

import dev.hlas.speech.EngineScheduler;
import dev.hlas.testing.Await;
import dev.hlas.testing.EndedStreams;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
            EngineScheduler scheduler = server.hlas().speech().scheduler();
            try (Socket socket = server.rawSpeechPost(body)) {
                InputStream in = socket.getInputStream();
                byte[] first = in.readNBytes(4096);
                assertThat(new String(first, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                assertThat(scheduler.activeStreams()).isEqualTo(1);
            }
            // The stream's end is the signal that its producer is done: it submits no sentence after that. Once no
            // sentence is running or queued on any engine either, nothing can synthesize more for this request, so
            // the counts below are final and cannot pass by looking too early.
            EndedStreams.Ended ended = server.streams().next();
            assertThat(ended.completed()).as("the stream was cut short").isFalse();
            Await.until("no stream, no running or queued sentence", () -> scheduler.activeStreams() == 0
                    && scheduler.load().values().stream().allMatch(l -> l.runningJobs() == 0 && l.queuedJobs() == 0));
            int synthesized = server.sentences().done().size();
            assertThat(synthesized).as("stopped long before the end").isLessThan(sentences / 2);
        }
    }
}
