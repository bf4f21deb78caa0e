package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * SSML {@code <mark>}s reported with their times: in the captions JSON and as SSE events, between the words around
 * them and inside the audio, through the real server with espeak-ng voices (which time every word themselves).
 */
class SsmlMarksHttpTest {
    static final String INPUT = "<speak>Hello <mark name=\"a\"/>wonderful world. <mark name=\"b\"/>Second sentence"
            + " here.<break time=\"600ms\"/>Third <mark name=\"c\"/>one<mark name=\"end\"/></speak>";
    static TestServer server;
    @TempDir
    static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ObjectNode body(String input, String format) {
        return Json.MAPPER.createObjectNode().put("model", "tts-1").put("input", input).put("voice", "alloy")
                .put("response_format", format).put("lang", "en");
    }

    static JsonNode captions(String input) throws Exception {
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", body(input, "wav").toString());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void captions_time_each_mark_between_its_neighbouring_words_and_inside_the_audio() throws Exception {
        JsonNode doc = captions(INPUT);
        JsonNode marks = doc.get("marks");
        assertThat(marks).extracting(m -> m.get("name").asText()).containsExactly("a", "b", "c", "end");
        assertThat(marks).extracting(m -> m.get("sentence").asInt()).containsExactly(0, 1, 2, 2);
        // the char offset is where the text after the mark starts in the SSML sent
        assertThat(marks.get(0).get("char_offset").asInt()).isEqualTo(INPUT.indexOf("wonderful"));
        assertThat(marks.get(1).get("char_offset").asInt()).isEqualTo(INPUT.indexOf("Second"));
        assertThat(marks.get(2).get("char_offset").asInt()).isEqualTo(INPUT.indexOf("one<"));

        // the audio these captions describe: the same body again is a cache hit
        HttpResponse<byte[]> speech = server.post(body(INPUT, "wav").toString());
        assertThat(speech.headers().firstValue("X-Cache")).hasValue("hit");
        double seconds = Decoded.of(speech.body(), dir).seconds();
        assertThat(doc.get("duration").asDouble()).isCloseTo(seconds, within(0.01));

        List<JsonNode> words = new ArrayList<>();
        doc.get("words").forEach(words::add);
        // a tag inside a sentence does not glue the words around it together: each is its own slice of the SSML
        assertThat(words).extracting(w -> w.get("word").asText())
                .containsExactly("Hello", "wonderful", "world", "Second", "sentence", "here", "Third", "one");
        for (JsonNode w : words) {
            assertThat(INPUT.substring(w.get("char_start").asInt(), w.get("char_end").asInt()))
                    .isEqualTo(w.get("word").asText());
        }
        assertThat(marks.get(0).get("time").asDouble()).as("a: when 'wonderful' starts")
                .isEqualTo(words.get(1).get("start").asDouble());
        assertThat(marks.get(2).get("time").asDouble()).as("c: when 'one' starts")
                .isEqualTo(words.get(7).get("start").asDouble());
        for (JsonNode mark : marks) {
            double time = mark.get("time").asDouble();
            int at = mark.get("char_offset").asInt();
            JsonNode before = null;
            JsonNode after = null;
            for (JsonNode w : words) {
                if (w.get("char_start").asInt() >= at) {
                    after = w;
                    break;
                }
                before = w;
            }
            String name = mark.get("name").asText();
            assertThat(time).as(name).isBetween(0.0, seconds);
            if (before != null) assertThat(time).as(name + " after " + before).isGreaterThanOrEqualTo(
                    before.get("end").asDouble());
            if (after != null) assertThat(time).as(name + " before " + after).isLessThanOrEqualTo(
                    after.get("start").asDouble());
        }
        // a mark before a sentence's first word is when that word starts, after the silence of the break before it
        double secondStart = doc.get("sentences").get(1).get("start").asDouble();
        assertThat(marks.get(1).get("time").asDouble()).isEqualTo(secondStart);
        JsonNode third = doc.get("sentences").get(2);
        assertThat(third.get("start").asDouble() - doc.get("sentences").get(1).get("end").asDouble())
                .isGreaterThan(0.6);
        // a mark after the last word is when that word ends
        assertThat(marks.get(3).get("time").asDouble()).isEqualTo(words.getLast().get("end").asDouble());
        assertThat(marks.get(0).get("time").asDouble()).isLessThan(marks.get(1).get("time").asDouble());
    }

    @Test
    void sse_sends_each_mark_with_its_time() throws Exception {
        JsonNode captions = captions(INPUT);
        for (boolean timestamps : new boolean[]{true, false}) {
            ObjectNode b = body(INPUT, "pcm").put("stream_format", "sse");
            if (timestamps) b.put("timestamps", "word");
            var request = server.speechRequest(b.toString()).header("Cache-Control", "no-cache").build();
            HttpResponse<InputStream> r = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            int rate = Integer.parseInt(r.headers().firstValue("X-Sample-Rate").orElseThrow());
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            List<JsonNode> marks = new ArrayList<>();
            List<JsonNode> words = new ArrayList<>();
            for (String line : new String(r.body().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("data: ")) continue;
                JsonNode event = Json.MAPPER.readTree(line.substring(6));
                switch (event.get("type").asText()) {
                    case "speech.audio.mark" -> marks.add(event);
                    case "speech.audio.timestamps" -> event.get("words").forEach(words::add);
                    case "speech.audio.delta" -> audio.writeBytes(Base64.getDecoder()
                            .decode(event.get("audio").asText()));
                    default -> {
                    }
                }
            }
            double seconds = audio.size() / 2.0 / rate;
            assertThat(marks).extracting(m -> m.get("name").asText()).containsExactly("a", "b", "c", "end");
            double last = 0;
            for (int i = 0; i < marks.size(); i++) {
                JsonNode m = marks.get(i);
                double time = m.get("time").asDouble();
                assertThat(time).isBetween(last, seconds);
                last = time;
                assertThat(m.get("char_offset").asInt())
                        .isEqualTo(captions.get("marks").get(i).get("char_offset").asInt());
                assertThat(m.get("sentence").asInt()).isEqualTo(captions.get("marks").get(i).get("sentence").asInt());
                // between the words of the same stream around it (espeak-ng's timings vary slightly between runs,
                // so this stream's words, not another response's)
                for (JsonNode w : words) {
                    if (w.get("char_end").asInt() <= m.get("char_offset").asInt()) {
                        assertThat(time).isGreaterThanOrEqualTo(w.get("end").asDouble());
                    } else if (w.get("char_start").asInt() >= m.get("char_offset").asInt()) {
                        assertThat(time).isLessThanOrEqualTo(w.get("start").asDouble());
                    }
                }
            }
            if (timestamps) assertThat(words).as(captions.toString()).hasSize(8);
        }
    }

    @Test
    void other_marks_on_the_same_text_are_not_answered_from_the_cache() throws Exception {
        String first = "<speak>Cache <mark name=\"one\"/>me.</speak>";
        String second = "<speak>Cache <mark name=\"two\"/>me.</speak>";
        assertThat(captions(first).get("marks").get(0).get("name").asText()).isEqualTo("one");
        assertThat(captions(second).get("marks").get(0).get("name").asText()).isEqualTo("two");
        // plain text has no marks, and an empty list
        assertThat(captions("Plain text.").get("marks")).isEmpty();
        // a cache hit answers the marks stored with the audio
        HttpResponse<byte[]> again = server.post("/v1/audio/captions", body(second, "wav").toString());
        assertThat(again.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(Json.MAPPER.readTree(again.body()).get("marks")).isEqualTo(captions(second).get("marks"));
        assertThat(Json.MAPPER.readTree(again.body()).get("marks").get(0).get("name").asText()).isEqualTo("two");
    }
}
