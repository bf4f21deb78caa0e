package dev.hlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.Hlas;
import dev.hlas.audio.Decoded;
import dev.hlas.batch.BatchInput;
import dev.hlas.batch.BatchRunner;
import dev.hlas.batch.BatchSummary;
import dev.hlas.batch.PipelineRenderer;
import dev.hlas.batch.Progress;
import dev.hlas.batch.Rendered;
import dev.hlas.batch.Renderer;
import dev.hlas.config.HlasConfig;
import dev.hlas.speech.SpeechRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code hlas batch} in-process, as a user runs it: JSON Lines and CSV, mixed voices and formats, failures, resume. */
class BatchCommandTest {
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
        String[] all = Stream.concat(Stream.of("batch", "--home", dir.resolve("home").toString()), Stream.of(args))
                .toArray(String[]::new);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    static Map<String, JsonNode> manifest(Path out) throws Exception {
        JsonNode root = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : root.get("rows")) rows.put(row.get("file").asText(), row);
        return rows;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Every manifest row describes its file exactly, and its duration is the decoded audio's. */
    void assertConsistent(Path out, Map<String, JsonNode> manifest) throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        for (JsonNode row : manifest.values()) {
            Path file = out.resolve(row.get("file").asText());
            assertThat(file).exists();
            assertThat(row.get("bytes").asLong()).isEqualTo(Files.size(file));
            assertThat(row.get("sha256").asText()).isEqualTo(sha256(file));
            byte[] bytes = Files.readAllBytes(file);
            Decoded d = file.toString().endsWith(".pcm") ? Decoded.rawPcm(bytes, 24000, scratch)
                    : Decoded.of(bytes, scratch);
            assertThat(d.errors()).as(file.toString()).isEmpty();
            assertThat(row.get("duration").asDouble()).as(file.toString()).isCloseTo(d.seconds(), within(0.15));
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void json_lines_with_mixed_voices_and_formats() throws Exception {
        Path rows = dir.resolve("prompts.jsonl");
        Files.writeString(rows, """
                {"id": "welcome", "input": "Hello and welcome to the service.", "voice": "espeak:en-gb", "response_format": "wav"}
                {"id": "cs-greeting", "input": "Dobrý den, jak se máte?", "voice": "espeak:cs", "response_format": "flac", "lang": "cs"}

                {"input": "This row has no id.", "response_format": "opus", "speed": 1.2}
                {"id": 7, "input": "The default format is MP3.", "voice": "espeak:en-us"}
                {"id": "raw", "input": "Raw samples.", "response_format": "pcm"}
                """);
        Path out = dir.resolve("out");
        Run run = batch(rows.toString(), "--out", out.toString(), "--jobs", "3", "--progress", "log");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("5 rows: 5 rendered, 0 already done, 0 failed");

        Map<String, JsonNode> manifest = manifest(out);
        assertThat(manifest).containsKeys("welcome.wav", "cs-greeting.flac", "7.mp3", "raw.pcm");
        assertThat(manifest).hasSize(5);
        String noId = manifest.keySet().stream().filter(f -> f.endsWith(".opus")).findFirst().orElseThrow();
        assertThat(noId).matches("[0-9a-f]{20}\\.opus");
        assertThat(manifest.get(noId).get("id").isNull()).isTrue();
        assertThat(manifest.get(noId).get("line").asInt()).isEqualTo(4);
        assertThat(manifest.get("welcome.wav").get("voice").asText()).isEqualTo("espeak:en-gb");
        assertThat(manifest.get("cs-greeting.flac").get("voice").asText()).isEqualTo("espeak:cs");
        assertThat(manifest.get("cs-greeting.flac").get("language").asText()).isEqualTo("cs");
        assertThat(manifest.get("cs-greeting.flac").get("characters").asInt()).isEqualTo(23);
        assertThat(manifest.get("7.mp3").get("id").asText()).isEqualTo("7");

        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        assertThat(Decoded.of(Files.readAllBytes(out.resolve("welcome.wav")), scratch).codec()).isEqualTo("pcm_s16le");
        assertThat(Decoded.of(Files.readAllBytes(out.resolve("cs-greeting.flac")), scratch).codec()).isEqualTo("flac");
        assertThat(Decoded.of(Files.readAllBytes(out.resolve(noId)), scratch).codec()).isEqualTo("opus");
        assertThat(Decoded.of(Files.readAllBytes(out.resolve("7.mp3")), scratch).codec()).isEqualTo("mp3");
        assertConsistent(out, manifest);
        assertThat(run.err()).contains("ok     line 1  welcome.wav").contains("5/5 rows");
    }

    @Test
    void csv_rows_and_malformed_rows_reported_with_their_line_numbers_while_the_rest_succeed() throws Exception {
        Path rows = dir.resolve("prompts.csv");
        Files.writeString(rows, """
                id,input,voice,response_format,speed
                first,"Hello, from a CSV file.",espeak:en-us,mp3,
                second,"A quoted cell
                over two lines, with ""quotes"".",espeak:en-gb,wav,0.9
                bad-speed,Too fast.,,,fast
                bad-voice,Nobody speaks this.,nobody,,
                czech,Dobrý večer.,espeak:cs,flac,1.5
                first,A duplicate id.,,,
                short,row
                ../escape,Out of the directory.,,,
                """);
        Path out = dir.resolve("out");
        Run run = batch(rows.toString(), "--out", out.toString(), "--format", "wav", "--progress", "none");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("8 rows: 3 rendered, 0 already done, 5 failed");
        assertThat(run.err())
                .contains("line 5 (bad-speed): Invalid type for 'speed'")
                .contains("[param: speed]")
                .contains("line 6 (bad-voice):")
                .contains("[param: voice]")
                .contains("line 8 (first): duplicate id (first on line 2)")
                .contains("line 9: the row has 2 cells; the header has 5")
                .contains("line 10 (../escape):")
                .contains("[param: id]");
        Map<String, JsonNode> manifest = manifest(out);
        assertThat(manifest).containsOnlyKeys("first.mp3", "second.wav", "czech.flac");
        assertThat(manifest.get("second.wav").get("line").asInt()).isEqualTo(3);
        assertThat(manifest.get("czech.flac").get("voice").asText()).isEqualTo("espeak:cs");
        assertConsistent(out, manifest);
        assertThat(dir.resolve("escape.wav")).doesNotExist();
    }

    @Test
    void a_rerun_renders_only_missing_changed_or_damaged_rows() throws Exception {
        Path rows = dir.resolve("prompts.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            text.append("{\"id\":\"p").append(i).append("\",\"input\":\"Prompt number ").append(i)
                    .append(" is ready.\",\"response_format\":\"wav\"}\n");
        }
        Files.writeString(rows, text);
        Path out = dir.resolve("out");
        Path home = dir.resolve("home");
        try (Hlas hlas = Hlas.create(HlasConfig.defaults().withHome(home))) {
            CountingRenderer counting = new CountingRenderer(new PipelineRenderer(hlas.responses()));
            BatchRunner runner = new BatchRunner(out, counting, 4096,
                    new BatchRunner.Defaults("tts-1", "espeak:en-us", "mp3"), 2, Progress.none());
            BatchSummary first = runner.run(BatchInput.read(rows));
            assertThat(first.rendered()).isEqualTo(6);
            assertThat(counting.calls()).hasSize(6);
            Map<String, Object> identity = new HashMap<>();
            for (int i = 1; i <= 6; i++) {
                identity.put("p" + i, Files.readAttributes(out.resolve("p" + i + ".wav"),
                        BasicFileAttributes.class).fileKey());
            }

            // p2 deleted, p3 damaged, p4's text changed, a stale temporary file from a killed run
            Files.delete(out.resolve("p2.wav"));
            byte[] p3 = Files.readAllBytes(out.resolve("p3.wav"));
            p3[p3.length - 1] ^= 1;
            Files.write(out.resolve("p3.wav"), p3);
            Files.writeString(rows, Files.readString(rows).replace("Prompt number 4", "Prompt four"));
            Files.writeString(out.resolve(".p5.wav.123.part"), "half");
            counting.calls().clear();

            BatchSummary second = runner.run(BatchInput.read(rows));
            assertThat(counting.calls()).containsExactlyInAnyOrder("Prompt number 2 is ready.",
                    "Prompt number 3 is ready.", "Prompt four is ready.");
            assertThat(second.rendered()).isEqualTo(3);
            assertThat(second.skipped()).isEqualTo(3);
            for (String untouched : List.of("p1", "p5", "p6")) {
                assertThat(Files.readAttributes(out.resolve(untouched + ".wav"),
                        BasicFileAttributes.class).fileKey())
                        .as(untouched).isEqualTo(identity.get(untouched));
            }
        }
        Map<String, JsonNode> manifest = manifest(out);
        assertThat(manifest).hasSize(6);
        assertConsistent(out, manifest);
    }

    @Test
    void the_progress_bar_redraws_one_line() throws Exception {
        Path rows = dir.resolve("prompts.jsonl");
        Files.writeString(rows, """
                {"id": "a", "input": "One."}
                {"id": "b", "input": "Two."}
                {"id": "c", "input": 3}
                """);
        Run run = batch(rows.toString(), "--out", dir.resolve("out").toString(), "--progress", "bar");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("\r\033[K[").contains("3/3 rows").contains("s audio").contains("ETA")
                .contains("1 failed").contains("line 3 (c): Invalid type for 'input'");
        assertThat(run.err()).doesNotContain("ok     line");
    }

    @Test
    void a_missing_batch_file_or_bad_option_is_a_usage_error() {
        assertThat(batch(dir.resolve("none.jsonl").toString(), "--out", dir.resolve("o").toString()).exit())
                .isEqualTo(2);
        Path rows = dir.resolve("p.jsonl");
        assertThat(batch(rows.toString(), "--out", dir.toString(), "--format", "ogg").exit()).isEqualTo(2);
    }

    /** A renderer that records the input of every row it is asked to render, then renders it. */
    record CountingRenderer(Renderer inner, List<String> calls) implements Renderer {
        CountingRenderer(Renderer inner) {
            this(inner, new CopyOnWriteArrayList<>());
        }

        @Override
        public Rendered render(ObjectNode body, SpeechRequest request, OutputStream out)
                throws IOException, InterruptedException {
            calls.add(request.input());
            return inner.render(body, request, out);
        }
    }
}
