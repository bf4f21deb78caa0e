package dev.hlas.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Czech and English text with the real espeak-ng voices behind {@code alloy}: each sentence keeps the language
 * the whole text's analysis gave it, and the file lasts exactly as long as its sentences together.
 */
class MixedLanguageJobTest {
    static final String TEXT = """
            Dobrý den, vítejte u první kapitoly. Dnes je venku zima a fouká vítr. Příliš žluťoučký kůň úpěl \
            ďábelské ódy. This chapter switches to English for a while. The weather in Prague was cold and windy. \
            Numbers like 42 and dates like 3 May 2024 are read aloud too. A teď zase česky: mám se dobře, děkuji. \
            Sedmá věta přichází. And the last sentence ends this little story.""";

    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void each_sentence_keeps_its_language_and_the_file_is_the_sum_of_the_sentences() throws Exception {
        try (TestServer server = new TestServer(home)) {
            String body = "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"response_format\":\"flac\",\"input\":"
                    + JobsHttpTest.JSON.writeValueAsString(TEXT) + "}";
            String id = JobsHttpTest.create(server, body);
            JsonNode done = JobsHttpTest.awaitCompleted(server, id);
            int total = done.at("/progress/sentences_total").asInt();
            assertThat(total).isEqualTo(9);
            double seconds = done.at("/progress/audio_seconds").asDouble();

            // the pieces on disk, each one sentence at the job's rate, add up to the file
            List<Path> pieces;
            try (var files = Files.list(home.resolve("jobs").resolve(id).resolve("pieces"))) {
                pieces = files.sorted().toList();
            }
            assertThat(pieces).hasSize(total);
            long samples = 0;
            for (Path p : pieces) samples += Files.size(p) / 2;
            int rate = done.get("sample_rate").asInt();
            assertThat(samples / (double) rate).isCloseTo(seconds, within(0.001));

            byte[] flac = server.http().send(HttpRequest.newBuilder(server.uri(
                    "/v1/audio/speech/jobs/" + id + "/content")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            Path file = scratch.resolve("mixed.flac");
            Files.write(file, flac);
            assertThat(JobsHttpTest.ffprobeDuration(file)).isCloseTo(seconds, within(0.001));
            Decoded decoded = Decoded.of(flac, scratch);
            assertThat(decoded.codec()).isEqualTo("flac");
            assertThat(decoded.errors()).isEmpty();
            assertThat(decoded.samples().length).isEqualTo((int) samples);

            JsonNode segments = JobsHttpTest.JSON.readTree(home.resolve("jobs").resolve(id)
                    .resolve("segments.json").toFile());
            assertThat(segments.findValuesAsText("language"))
                    .containsExactly("cs", "cs", "cs", "en", "en", "en", "cs", "cs", "en");
            StringBuilder joined = new StringBuilder();
            segments.forEach(s -> joined.append(s.get("text").asText()));
            assertThat(joined.toString()).isEqualTo(TEXT);
        }
    }
}
