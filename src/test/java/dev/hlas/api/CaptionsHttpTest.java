package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.audio.Decoded;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.WordMark;
import dev.hlas.engine.espeak.EspeakEngine;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code POST /v1/audio/captions} and SSE timestamps through the real server with espeak-ng voices. */
class CaptionsHttpTest {
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

    static ObjectNode body(String input, String lang, String format) {
        ObjectNode b = Json.MAPPER.createObjectNode().put("model", "tts-1").put("input", input).put("voice", "alloy")
                .put("response_format", format);
        if (lang != null) b.put("lang", lang);
        return b;
    }

    static JsonNode captions(ObjectNode body) throws Exception {
        HttpResponse<byte[]> r = server.post("/v1/audio/captions", body.toString());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** Every word is the slice of the input it names; times and offsets only move forward. */
    static void assertWellFormed(String input, JsonNode doc) {
        double duration = doc.get("duration").asDouble();
        double lastStart = 0;
        int lastChar = 0;
        assertThat(doc.get("words").size()).isPositive();
        for (JsonNode w : doc.get("words")) {
            int from = w.get("char_start").asInt();
            int to = w.get("char_end").asInt();
            assertThat(input.substring(from, to)).isEqualTo(w.get("word").asText());
            assertThat(from).isGreaterThanOrEqualTo(lastChar);
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(lastStart);
            assertThat(w.get("end").asDouble()).isGreaterThanOrEqualTo(w.get("start").asDouble())
                    .isLessThanOrEqualTo(duration);
            lastStart = w.get("start").asDouble();
            lastChar = to;
        }
    }

    @Test
    void english_word_times_are_espeak_word_events() throws Exception {
        String input = "Hello world, this is a test.";
        JsonNode doc = captions(body(input, "en", "wav").put("voice", "espeak:en-us"));
        assertWellFormed(input, doc);
        // The truth: espeak-ng's own word events for the same voice and text, straight from the engine.
        String voice = doc.get("sentences").get(0).get("voice").asText();
        EspeakEngine engine = new EspeakEngine(EspeakNative.load(null, null));
        List<WordMark> truth = new ArrayList<>();
        engine.voice(voice).orElseThrow().synthesize(new Utterance(input, "en"), SynthesisParams.defaults(),
                new PcmSink() {
                    @Override
                    public boolean accept(PcmChunk chunk) {
                        return true;
                    }

                    @Override
                    public void words(List<WordMark> marks) {
                        truth.addAll(marks);
                    }
                });
        int rate = engine.voice(voice).orElseThrow().info().sampleRate();
        // espeak-ng carries state from one synthesis to the next: two runs of the same text differ by a few samples
        // within words and up to ~20 ms in a pause, so the comparison allows 30 ms (PiperTimingsTest checks the
        // arithmetic from engine marks to response times to the sample).
        JsonNode words = doc.get("words");
        assertThat(words.size()).isEqualTo(truth.size()).isEqualTo(6);
        for (int i = 0; i < words.size(); i++) {
            assertThat(words.get(i).get("estimated").asBoolean()).isFalse();
            assertThat(words.get(i).get("char_start").asInt()).isEqualTo(truth.get(i).start());
            assertThat(words.get(i).get("start").asDouble())
                    .isCloseTo(truth.get(i).startSample() / (double) rate, within(0.03));
            assertThat(words.get(i).get("end").asDouble())
                    .isCloseTo(truth.get(i).endSample() / (double) rate, within(0.03));
        }
        // The last word ends where its audio does: what follows is espeak-ng's own trailing pause.
        double lastEnd = words.get(words.size() - 1).get("end").asDouble();
        assertThat(lastEnd).isLessThanOrEqualTo(doc.get("duration").asDouble());
        assertThat(doc.get("duration").asDouble() - lastEnd).isLessThan(0.5);
        JsonNode sentence = doc.get("sentences").get(0);
        assertThat(sentence.get("text").asText()).isEqualTo(input);
        assertThat(sentence.get("char_start").asInt()).isZero();
        assertThat(sentence.get("char_end").asInt()).isEqualTo(input.length());
    }

    @Test
    void czech_numbers_dates_abbreviations_and_urls_map_back_to_what_was_written() throws Exception {
        String input = "Dne 21. listopadu přišly 2 ženy, tj. asi v 10:30, viz www.seznam.cz a 40–60 °C.";
        JsonNode doc = captions(body(input, "cs", "wav"));
        assertWellFormed(input, doc);
        assertThat(find(doc, "21.").get("spoken").asText()).isEqualTo("dvacátého prvního");
        assertThat(find(doc, "2").get("spoken").asText()).isEqualTo("dvě");
        assertThat(find(doc, "tj.").get("spoken").asText()).isEqualTo("to jest");
        assertThat(find(doc, "10:30").get("spoken").asText()).contains("deset");
        assertThat(find(doc, "www.seznam.cz").get("spoken").asText()).contains("seznam");
    }

    @Test
    void mixed_czech_and_english_keeps_offsets_across_language_switches() throws Exception {
        String input = "Dobrý den, jak se máte? I am fine, thank you very much. Na shledanou, přátelé.";
        JsonNode doc = captions(body(input, null, "wav"));
        assertWellFormed(input, doc);
        List<String> languages = new ArrayList<>();
        doc.get("sentences").forEach(s -> languages.add(s.get("language").asText()));
        assertThat(languages).containsExactly("cs", "en", "cs");
        assertThat(find(doc, "thank").get("char_start").asInt()).isEqualTo(input.indexOf("thank"));
        assertThat(find(doc, "přátelé").get("char_start").asInt()).isEqualTo(input.indexOf("přátelé"));
        double lastEnd = 0;
        for (JsonNode s : doc.get("sentences")) {
            assertThat(s.get("start").asDouble()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(input.substring(s.get("char_start").asInt(), s.get("char_end").asInt()))
                    .isEqualTo(s.get("text").asText());
            lastEnd = s.get("end").asDouble();
        }
    }

    private static JsonNode find(JsonNode doc, String word) {
        for (JsonNode w : doc.get("words")) if (w.get("word").asText().equals(word)) return w;
        throw new AssertionError("no word '" + word + "' in " + doc.get("words"));
    }

    @Test
    void srt_and_vtt_parse_with_ffmpeg_and_cues_are_ordered_and_inside_the_audio() throws Exception {
        // The first sentence is 133 characters: more than one cue of two 42-character lines.
        String input = "This first sentence is rather long, so that its cue has to be cut into two parts at a "
                + "word boundary, because subtitles are read quickly by everyone. Short one. And the end.";
        double duration = captions(body(input, "en", "mp3")).get("duration").asDouble();
        for (String format : List.of("srt", "vtt")) {
            for (String cue : List.of("sentence", "word")) {
                ObjectNode b = body(input, "en", "mp3").put("caption_format", format).put("cue", cue);
                HttpResponse<byte[]> r = server.post("/v1/audio/captions", b.toString());
                assertThat(r.statusCode()).isEqualTo(200);
                Path file = dir.resolve("captions-" + cue + "." + format);
                Files.write(file, r.body());
                String reread = ffmpegSubtitles(file);
                List<double[]> cues = cueTimes(reread);
                String ours = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(cues).as(ours).hasSize(cueTimes(ours.replace('.', ',')).size());
                if (cue.equals("word")) assertThat(cues).hasSize(input.split(" ").length);
                else assertThat(cues.size()).isGreaterThan(3);
                double last = 0;
                for (double[] c : cues) {
                    assertThat(c[0]).isGreaterThanOrEqualTo(last - 1e-9);
                    assertThat(c[1]).isGreaterThanOrEqualTo(c[0]).isLessThanOrEqualTo(duration + 0.001);
                    last = c[1];
                }
                // At most two lines of at most 42 characters per cue, cut between words of the input.
                for (String block : ours.split("\n\n")) {
                    List<String> text = block.lines().filter(l -> !l.contains("-->") && !l.matches("\\d+")
                            && !l.equals("WEBVTT")).toList();
                    assertThat(text.size()).as(block).isLessThanOrEqualTo(2);
                    for (String line : text) {
                        assertThat(line.length()).as(block).isLessThanOrEqualTo(42);
                        assertThat(input).contains(line);
                    }
                }
            }
        }
    }

    /** ffmpeg reads the file and writes it again as SRT: an independent parse. */
    private static String ffmpegSubtitles(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "srt", "-")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static final Pattern SRT_TIME = Pattern.compile(
            "(\\d\\d):(\\d\\d):(\\d\\d),(\\d\\d\\d) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d\\d\\d)");

    private static List<double[]> cueTimes(String srt) {
        List<double[]> out = new ArrayList<>();
        Matcher m = SRT_TIME.matcher(srt);
        while (m.find()) {
            out.add(new double[]{seconds(m, 1), seconds(m, 5)});
        }
        return out;
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    @Test
    void captions_then_speech_is_a_cache_hit_of_the_same_audio() throws Exception {
        String input = "Cache me if you can. Then speak me again.";
        ObjectNode b = body(input, "en", "mp3").put("caption_format", "json");
        HttpResponse<byte[]> c = server.post("/v1/audio/captions", b.toString());
        assertThat(c.headers().firstValue("X-Cache")).hasValue("miss");
        double duration = Json.MAPPER.readTree(c.body()).get("duration").asDouble();
        server.hlas().cache().awaitWrites(java.time.Duration.ofSeconds(5));
        HttpResponse<byte[]> speech = server.post(body(input, "en", "mp3").toString());
        assertThat(speech.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(Double.parseDouble(speech.headers().firstValue("X-Usage-Audio-Seconds").orElseThrow()))
                .isCloseTo(duration, within(0.001));
        assertThat(Decoded.of(speech.body(), dir).seconds()).isCloseTo(duration, within(0.06));
        // And the other way: the hit answers captions from the stored timings, identical to the first ones.
        HttpResponse<byte[]> again = server.post("/v1/audio/captions", b.toString());
        assertThat(again.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(Json.MAPPER.readTree(again.body())).isEqualTo(Json.MAPPER.readTree(c.body()));
    }

    @Test
    void bad_caption_options_are_400s_naming_the_param() throws Exception {
        for (String[] bad : List.of(new String[]{"caption_format", "ass"}, new String[]{"cue", "line"})) {
            HttpResponse<byte[]> r = server.post("/v1/audio/captions",
                    body("Hello.", "en", "mp3").put(bad[0], bad[1]).toString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).at("/error/param").asText()).isEqualTo(bad[0]);
        }
        HttpResponse<byte[]> r = server.post(body("Hello.", "en", "mp3").put("timestamps", "word").toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).at("/error/param").asText()).isEqualTo("stream_format");
    }

    @Test
    void sse_timestamps_come_before_the_audio_of_their_sentence() throws Exception {
        String input = "The first sentence comes first. The second sentence follows it. A third one ends it.";
        ObjectNode b = body(input, "en", "pcm").put("stream_format", "sse").put("timestamps", "word");
        var request = server.speechRequest(b.toString()).header("Cache-Control", "no-cache").build();
        HttpResponse<InputStream> r = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        int rate = Integer.parseInt(r.headers().firstValue("X-Sample-Rate").orElseThrow());
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        List<JsonNode> stamps = new ArrayList<>();
        String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.startsWith("data: ")) continue;
            JsonNode event = Json.MAPPER.readTree(line.substring(6));
            switch (event.get("type").asText()) {
                case "speech.audio.timestamps" -> {
                    stamps.add(event);
                    double heard = audio.size() / 2.0 / rate;
                    double sentenceStart = event.get("words").get(0).get("start").asDouble();
                    assertThat(heard).as("audio sent before sentence " + event.get("sentence"))
                            .isLessThanOrEqualTo(sentenceStart + 0.001);
                }
                case "speech.audio.delta" -> audio.writeBytes(java.util.Base64.getDecoder()
                        .decode(event.get("audio").asText()));
                default -> {
                }
            }
        }
        assertThat(stamps).extracting(e -> e.get("sentence").asInt()).containsExactly(0, 1, 2);
        JsonNode first = stamps.getFirst().get("words").get(0);
        assertThat(first.get("word").asText()).isEqualTo("The");
        assertThat(first.get("char_start").asInt()).isZero();
        assertThat(String.format(Locale.ROOT, "%s", first.get("estimated"))).isEqualTo("false");
    }

    @Test
    void kokoro_fastapi_captioned_speech_answers_its_shape_whole_and_streamed() throws Exception {
        String input = "Kokoro clients keep working. They get every word with its time.";
        ObjectNode whole = Json.MAPPER.createObjectNode().put("model", "kokoro").put("input", input)
                .put("voice", "nova").put("response_format", "mp3").put("stream", false);
        HttpResponse<byte[]> r = server.post("/dev/captioned_speech", whole.toString());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(r.body());
        assertThat(doc.get("audio_format").asText()).isEqualTo("mp3");
        byte[] audio = java.util.Base64.getDecoder().decode(doc.get("audio").asText());
        double seconds = Decoded.of(audio, dir).seconds();
        List<String> words = new ArrayList<>();
        double last = 0;
        for (JsonNode w : doc.get("timestamps")) {
            words.add(w.get("word").asText());
            assertThat(w.get("start_time").asDouble()).isGreaterThanOrEqualTo(last);
            assertThat(w.get("end_time").asDouble()).isGreaterThanOrEqualTo(w.get("start_time").asDouble())
                    .isLessThanOrEqualTo(seconds + 0.05);
            last = w.get("start_time").asDouble();
        }
        assertThat(words).containsExactly("Kokoro", "clients", "keep", "working", "They", "get", "every", "word",
                "with", "its", "time");

        // Streaming (Kokoro-FastAPI's default): one JSON object per line, audio pieces that concatenate to one file,
        // every word exactly once, in order.
        ObjectNode streamed = whole.deepCopy().put("stream", true);
        var request = java.net.http.HttpRequest.newBuilder(server.uri("/dev/captioned_speech"))
                .header("Content-Type", "application/json").header("Cache-Control", "no-cache")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(streamed.toString())).build();
        HttpResponse<String> s = server.http().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(s.statusCode()).isEqualTo(200);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<String> streamedWords = new ArrayList<>();
        int lines = 0;
        for (String line : s.body().split("\n")) {
            if (line.isBlank()) continue;
            lines++;
            JsonNode piece = Json.MAPPER.readTree(line);
            piece.get("timestamps").forEach(w -> streamedWords.add(w.get("word").asText()));
            joined.writeBytes(java.util.Base64.getDecoder().decode(piece.get("audio").asText()));
            assertThat(piece.get("audio_format").asText()).isEqualTo("mp3");
        }
        assertThat(lines).isGreaterThan(1);
        assertThat(streamedWords).isEqualTo(words);
        assertThat(Decoded.of(joined.toByteArray(), dir).seconds()).isCloseTo(seconds, within(0.1));
    }
}
