package dev.hlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.api.auth.ApiKeys;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code hlas batch --server}: rows sent to a real server with API keys; and a batch killed mid-way in its own JVM
 * resumes with only the missing rows, counted at the engine.
 */
class BatchServerTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run batch(String... args) {
        var cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = Stream.concat(Stream.of("batch", "--home", dir.resolve("client-home").toString()),
                Stream.of(args)).toArray(String[]::new);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    static Map<String, JsonNode> manifest(Path out) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        Path file = out.resolve("manifest.json");
        if (!Files.exists(file)) return rows;
        for (JsonNode row : new ObjectMapper().readTree(file.toFile()).get("rows")) rows.put(row.get("file").asText(), row);
        return rows;
    }

    @Test
    void rows_go_to_a_server_with_a_key_and_its_errors_come_back_per_row() throws Exception {
        TestEngine engine = new TestEngine("k", 2);
        try (TestServer server = TestServer.start(dir.resolve("server"), s -> s.withApiKeys(List.of("sk-batch")),
                engine)) {
            Path rows = dir.resolve("rows.jsonl");
            Files.writeString(rows, String.join("\n",
                    "{\"id\":\"fake\",\"input\":\"Twelve chars\",\"voice\":\"" + engine.voiceId() + "\",\"response_format\":\"wav\"}",
                    "{\"id\":\"espeak\",\"input\":\"Spoken by espeak.\",\"voice\":\"espeak:en-us\",\"response_format\":\"mp3\"}",
                    "{\"id\":\"raw\",\"input\":\"Raw pcm.\",\"voice\":\"" + engine.voiceId() + "\",\"response_format\":\"pcm\"}",
                    "{\"id\":\"nobody\",\"input\":\"No such voice.\",\"voice\":\"nobody-at-all\"}",
                    "{\"id\":\"slow\",\"input\":\"Too slow.\",\"speed\":0.1}", ""));
            String url = "http://127.0.0.1:" + server.port();
            Path out = dir.resolve("out");

            Run noKey = batch(rows.toString(), "--out", out.toString(), "--server", url, "--progress", "log");
            assertThat(noKey.exit()).isEqualTo(1);
            assertThat(noKey.out()).contains("5 rows: 0 rendered, 0 already done, 5 failed");
            assertThat(noKey.err()).contains("line 1 (fake):").contains("API key");
            assertThat(engine.calls()).isZero();

            Run run = batch(rows.toString(), "--out", out.toString(), "--server", url, "--api-key", "sk-batch",
                    "--jobs", "2", "--progress", "log");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("5 rows: 3 rendered, 0 already done, 2 failed");
            // the server's error envelope, with its param; a row the HTTP rules refuse is refused before sending
            assertThat(run.err()).contains("line 4 (nobody):").contains("[param: voice]")
                    .contains("line 5 (slow): 'speed' must be between 0.25 and 4; got 0.1. [param: speed]");

            Map<String, JsonNode> manifest = manifest(out);
            assertThat(manifest).containsOnlyKeys("fake.wav", "espeak.mp3", "raw.pcm");
            assertThat(manifest.get("fake.wav").get("voice").asText()).isEqualTo(engine.voiceId());
            assertThat(manifest.get("espeak.mp3").get("voice").asText()).isEqualTo("espeak:en-us");
            assertThat(manifest.get("fake.wav").get("characters").asInt()).isEqualTo(12);
            Path scratch = Files.createDirectories(dir.resolve("scratch"));
            Decoded wav = Decoded.of(Files.readAllBytes(out.resolve("fake.wav")), scratch);
            assertThat(manifest.get("fake.wav").get("duration").asDouble()).isCloseTo(wav.seconds(), within(0.01));
            Decoded mp3 = Decoded.of(Files.readAllBytes(out.resolve("espeak.mp3")), scratch);
            assertThat(mp3.errors()).isEmpty();
            assertThat(mp3.codec()).isEqualTo("mp3");
            assertThat(manifest.get("raw.pcm").get("duration").asDouble()).isGreaterThan(0);

            // the server counted the batch's characters against the key: 12 + 17 + 8
            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("hlas_usage_characters_total{key=\"" + ApiKeys.labelOf("sk-batch") + "\"} 37.0");
        }
    }

    @Test
    void a_batch_killed_mid_way_resumes_with_only_the_missing_rows() throws Exception {
        TestEngine engine = new TestEngine("k", 4).chunks(1, 0.2).sleepPerChunk(Duration.ofMillis(250));
        try (TestServer server = TestServer.start(dir.resolve("server"), s -> s.withCache(false, 0, 0), engine)) {
            int total = 16;
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= total; i++) {
                text.append("{\"id\":\"row-").append(i).append("\",\"input\":\"Row ").append(i)
                        .append(".\",\"voice\":\"").append(engine.voiceId()).append("\",\"response_format\":\"wav\"}\n");
            }
            Path rows = Files.writeString(dir.resolve("rows.jsonl"), text);
            Path out = dir.resolve("out");
            String url = "http://127.0.0.1:" + server.port();

            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "batch", rows.toString(), "--out", out.toString(), "--server", url,
                    "--jobs", "1", "--progress", "log"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("killed.log").toFile());
            pb.environment().put("HLAS_HOME", dir.resolve("client-home").toString());
            Process p = pb.start();
            Await.until("a few rows in the manifest", Duration.ofSeconds(60), () -> manifest(out).size() >= 3);
            p.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook removes the file being written
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();

            Map<String, JsonNode> done = manifest(out);
            assertThat(done.size()).isBetween(3, total - 1);
            try (Stream<Path> files = Files.list(out)) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                assertThat(names).noneMatch(n -> n.endsWith(".part"));
                // every visible audio file is complete: in the manifest, or the one finished while being killed
                assertThat(names.stream().filter(n -> n.endsWith(".wav")).count()).isBetween((long) done.size(),
                        done.size() + 1L);
            }

            int before = engine.calls();
            Run resumed = batch(rows.toString(), "--out", out.toString(), "--server", url, "--jobs", "4",
                    "--progress", "log");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            int rendered = total - done.size();
            assertThat(resumed.out()).contains(total + " rows: " + rendered + " rendered, " + done.size()
                    + " already done, 0 failed");
            assertThat(engine.calls() - before).isEqualTo(rendered);
            Map<String, JsonNode> after = manifest(out);
            assertThat(after).hasSize(total);
            for (var e : done.entrySet()) {
                assertThat(after.get(e.getKey()).get("sha256")).isEqualTo(e.getValue().get("sha256"));
            }
        }
    }
}
