package dev.hlas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A long-form job of about 50,000 characters of Czech and English (espeak-ng through {@code alloy}, mp3) on the real
 * server, and what it does to interactive requests: time to first byte of a short {@code pcm} request, one at a time,
 * with the server idle and while the job renders (response cache off, so every request synthesizes). Also reports
 * the job's wall time, audio seconds, throughput, whether its progress only grew, and the decoded length of the file
 * against the sum of its sentences.
 *
 * <p>Usage: {@code bench/run JobsBench [characters=50000] [espeak workers=1]}.
 */
public final class JobsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CS = {
            "Dobrý den, vítejte u další kapitoly našeho příběhu.",
            "Venku byla zima a nad Prahou foukal studený vítr.",
            "Vlak do Brna odjížděl ve 14:35 z prvního nástupiště.",
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Babička vyprávěla o létě roku 1968 a o zahradě za domem."};
    private static final String[] EN = {
            "The next morning the rain had stopped and the streets were quiet.",
            "She counted 42 boats in the harbour before breakfast.",
            "Nobody expected the letter to arrive on the 3rd of May.",
            "He read the last page twice, then closed the book.",
            "The train left at half past six, right on time."};

    private JobsBench() {
    }

    public static void main(String[] args) throws Exception {
        int chars = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < chars; i++) {
            String[] pool = i / 5 % 2 == 0 ? CS : EN;
            text.append(pool[i % 5]).append(i % 5 == 4 ? "\n\n" : " ");
        }
        Path home = Files.createTempDirectory("hlas-bench-jobs");
        try (TestServer server = TestServer.start(home, s -> s.withCache(false, 0, 0)
                .withWorkers(Map.of("espeak", workers)))) {
            for (int i = 0; i < 10; i++) firstByte(server);
            double[] idle = new double[40];
            for (int i = 0; i < idle.length; i++) idle[i] = firstByte(server);

            String body = "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"response_format\":\"mp3\",\"input\":"
                    + JSON.writeValueAsString(text.toString()) + "}";
            long start = System.nanoTime();
            HttpResponse<String> created = server.http().send(HttpRequest.newBuilder(server.uri(
                    "/v1/audio/speech/jobs")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            double acceptMs = (System.nanoTime() - start) / 1e6;
            if (created.statusCode() != 202) throw new IllegalStateException(created.body());
            String id = JSON.readTree(created.body()).get("id").asText();
            List<Double> during = new ArrayList<>();
            int lastDone = -1;
            boolean monotonic = true;
            JsonNode status;
            while (true) {
                status = JSON.readTree(server.get("/v1/audio/speech/jobs/" + id).body());
                int done = status.at("/progress/sentences_done").asInt();
                if (done < lastDone) monotonic = false;
                lastDone = done;
                String state = status.get("status").asText();
                if (state.equals("completed") || state.equals("failed")) break;
                if (state.equals("running")) during.add(firstByte(server));
                Thread.sleep(50);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (!status.get("status").asText().equals("completed")) throw new IllegalStateException(status.toString());
            double audio = status.at("/progress/audio_seconds").asDouble();
            int sentences = status.at("/progress/sentences_total").asInt();
            HttpResponse<byte[]> mp3 = server.http().send(HttpRequest.newBuilder(server.uri("/v1/audio/speech/jobs/"
                    + id + "/content")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            Path file = home.resolve("job.mp3");
            Files.write(file, mp3.body());
            double decoded = decodedSeconds(file);

            System.out.printf("## JobsBench — %d cores, %d characters (cs + en), espeak workers %d%n%n",
                    Runtime.getRuntime().availableProcessors(), text.length(), workers);
            System.out.println("| job | value |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| accepted (cut into sentences) | %.0f ms |%n", acceptMs);
            System.out.printf(Locale.ROOT, "| sentences | %d |%n", sentences);
            System.out.printf(Locale.ROOT, "| wall time to the finished mp3 | %.1f s |%n", wall);
            System.out.printf(Locale.ROOT, "| audio | %.1f s (%.0f audio s per wall s) |%n", audio, audio / wall);
            System.out.printf(Locale.ROOT, "| decoded mp3 length − sum of sentences | %+.4f s |%n", decoded - audio);
            System.out.printf(Locale.ROOT, "| progress only grew | %s |%n", monotonic);
            System.out.printf(Locale.ROOT, "| mp3 bytes | %d |%n%n", mp3.body().length);
            System.out.println("| interactive pcm request, time to first byte | n | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            row("server idle", idle);
            row("while the job renders", during.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static double firstByte(TestServer server) throws Exception {
        HttpRequest request = server.speechRequest(TestServer.speechJson("alloy",
                "Good morning, this is a short interactive sentence.", "pcm")).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200 || body.read() < 0) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            double ms = (System.nanoTime() - start) / 1e6;
            body.transferTo(OutputStream.nullOutputStream());
            return ms;
        }
    }

    private static double decodedSeconds(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "s16le",
                "-ac", "1", "-").start();
        long bytes = p.getInputStream().transferTo(OutputStream.nullOutputStream());
        p.waitFor();
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=sample_rate", "-of",
                "csv=p=0", file.toString()).start();
        int rate = Integer.parseInt(new String(probe.getInputStream().readAllBytes()).strip());
        probe.waitFor();
        return bytes / 2.0 / rate;
    }

    private static void row(String name, double[] ms) {
        if (ms.length == 0) {
            System.out.printf("| %s | 0 | – | – | – |%n", name);
            return;
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", name, s.length, pct(s, 0.5),
                pct(s, 0.95), s[s.length - 1]);
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }
}
