package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.audio.Decoded;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSML subset over HTTP: each element's effect, measured, and hostile XML refused. */
class SsmlHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestEngine ENGINE = new TestEngine("ssml", 2);
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, Spec.single("en_US-lessac-medium", "en-us", "en_US"));
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ"));
        server = TestServer.start(home, s -> s.withCache(false, 0, 0), ENGINE);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<byte[]> speech(String input, String voice, String format) throws Exception {
        return server.post(JSON.writeValueAsString(Map.of("model", "tts-1", "input", input, "voice", voice,
                "response_format", format)));
    }

    static JsonNode analyze(String input, String lang) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("input", input, "voice", "alloy"));
        if (lang != null) body.put("lang", lang);
        HttpResponse<byte[]> r = server.post("/v1/text/analyze", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String spoken(String input, String lang) throws Exception {
        StringBuilder b = new StringBuilder();
        for (JsonNode s : analyze(input, lang).get("sentences")) b.append(b.isEmpty() ? "" : " ").append(s.get("text").asText());
        return b.toString();
    }

    @Test
    void break_adds_that_much_silence_within_one_frame() throws Exception {
        for (String format : List.of("wav", "mp3")) {
            Decoded plain = Decoded.of(speech("<speak>One. Two.</speak>", ENGINE.voiceId(), format).body(), home);
            Decoded paused = Decoded.of(speech("<speak>One.<break time=\"700ms\"/>Two.</speak>", ENGINE.voiceId(),
                    format).body(), home);
            int frame = format.equals("wav") ? 1 : 1152;
            int expected = (int) Math.round(0.7 * plain.sampleRate());
            assertThat(paused.samples().length - plain.samples().length).as(format)
                    .isCloseTo(expected, Offset.offset(frame));
            if (format.equals("wav")) { // lossless: the added samples are one run of silence
                assertThat(longestQuietRun(paused.samples()) - longestQuietRun(plain.samples()))
                        .isCloseTo(expected, Offset.offset(1));
            }
        }
        // strength without time: medium is 500 ms
        Decoded plain = Decoded.of(speech("<speak>One. Two.</speak>", ENGINE.voiceId(), "wav").body(), home);
        Decoded strong = Decoded.of(speech("<speak>One.<break strength=\"x-strong\"/>Two.</speak>",
                ENGINE.voiceId(), "wav").body(), home);
        assertThat(strong.samples().length - plain.samples().length).isEqualTo(plain.sampleRate());
    }

    private static int longestQuietRun(float[] samples) {
        int best = 0;
        int run = 0;
        for (float s : samples) {
            run = Math.abs(s) < 1e-3 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    @Test
    void lang_routes_its_span_to_that_languages_voice() throws Exception {
        HttpResponse<byte[]> r = speech("<speak>Hello there, my friend.<lang xml:lang=\"cs-CZ\">OK.</lang></speak>",
                "alloy", "wav");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voice")).hasValue("en_US-lessac-medium,cs_CZ-jirka-medium");
        assertThat(r.headers().firstValue("X-Language")).hasValue("en,cs");
        JsonNode s = analyze("<speak>Hello there, my friend.<lang xml:lang=\"cs-CZ\">OK.</lang></speak>", null)
                .get("sentences").get(1);
        assertThat(s.get("language_source").asText()).isEqualTo("markup");
    }

    @Test
    void say_as_in_czech_uses_the_czech_readers_with_case() throws Exception {
        assertThat(spoken("<speak>Bydlím ve <say-as interpret-as=\"ordinal\">3</say-as> patře.</speak>", "cs"))
                .isEqualTo("Bydlím ve třetím patře.");
        assertThat(spoken("<speak>Přijedu <say-as interpret-as=\"date\" format=\"dmy\">21/11/2026</say-as>.</speak>",
                "cs")).isEqualTo(spoken("Přijedu 21. listopadu 2026.", "cs"));
        assertThat(spoken("<speak>Mám <say-as interpret-as=\"cardinal\">1 250</say-as> korun.</speak>", "cs"))
                .isEqualTo("Mám tisíc dvě stě padesát korun.");
        assertThat(spoken("<speak>Studuji <say-as interpret-as=\"characters\">ČVUT</say-as>.</speak>", "cs"))
                .isEqualTo("Studuji čé vé ú té.");
        assertThat(spoken("<speak>Volejte <say-as interpret-as=\"telephone\">603 123 456</say-as>.</speak>", "cs"))
                .isEqualTo("Volejte šest set tři, sto dvacet tři, čtyři sta padesát šest.");
    }

    @Test
    void say_as_in_english() throws Exception {
        assertThat(spoken("<speak>The <say-as interpret-as=\"ordinal\">21</say-as> floor.</speak>", "en"))
                .isEqualTo("The twenty-first floor.");
        assertThat(spoken("<speak>On <say-as interpret-as=\"date\" format=\"mdy\">11/21/2026</say-as>.</speak>",
                "en")).isEqualTo(spoken("On November 21st, 2026.", "en"));
        assertThat(spoken("<speak>Spell <say-as interpret-as=\"spell-out\">abc</say-as>.</speak>", "en"))
                .isEqualTo("Spell A B C.");
        assertThat(spoken("<speak>Call <say-as interpret-as=\"telephone\">555-0123</say-as>.</speak>", "en"))
                .isEqualTo("Call five five five, oh one two three.");
        assertThat(spoken("<speak>Take <say-as interpret-as=\"time\">10:30</say-as>.</speak>", "en"))
                .isEqualTo(spoken("Take 10:30.", "en"));
    }

    @Test
    void sub_reads_the_alias_and_points_back_at_the_written_text() throws Exception {
        String input = "<speak>Ask the <sub alias=\"World Wide Web Consortium\">W3C</sub> today.</speak>";
        JsonNode s = analyze(input, "en").get("sentences").get(0);
        assertThat(s.get("text").asText()).isEqualTo("Ask the World Wide Web Consortium today.");
        JsonNode match = s.get("pronunciations").get(0);
        assertThat(match.get("source").asText()).isEqualTo("ssml:sub");
        assertThat(input.substring(match.get("original_start").asInt(), match.get("original_end").asInt()))
                .isEqualTo("W3C");
        // every span maps into the user's SSML, never into a tag
        assertThat(input.substring(s.get("start").asInt(), s.get("end").asInt())).startsWith("Ask").endsWith("today.");
    }

    @Test
    void phoneme_reaches_piper_and_p_s_end_sentences() throws Exception {
        HttpResponse<byte[]> r = server.post("/v1/audio/phonemes", JSON.writeValueAsString(Map.of("voice",
                "en_US-lessac-medium", "input", "<speak><p><s>I say <phoneme alphabet=\"ipa\" ph=\"təmˈɑːtoʊ\">"
                        + "tomato</phoneme></s><s>and you</s></p></speak>")));
        JsonNode sentences = JSON.readTree(r.body()).get("sentences");
        assertThat(sentences).hasSize(2);
        assertThat(sentences.get(0).get("phonemes").asText()).endsWith(" təmˈɑːtoʊ");
    }

    @Test
    void phoneme_in_x_sampa_gives_the_same_phonemes_as_its_ipa() throws Exception {
        List<String> got = new java.util.ArrayList<>();
        for (String tag : List.of("<phoneme alphabet=\"ipa\" ph=\"təmˈɑːtoʊ\">",
                "<phoneme alphabet=\"x-sampa\" ph=\"t@m&quot;A:toU\">")) {
            HttpResponse<byte[]> r = server.post("/v1/audio/phonemes", JSON.writeValueAsString(Map.of("voice",
                    "en_US-lessac-medium", "input", "<speak>I say " + tag + "tomato</phoneme></speak>")));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Hlas-Warnings")).isEmpty();
            got.add(JSON.readTree(r.body()).get("sentences").get(0).get("phonemes").asText());
        }
        assertThat(got.get(0)).endsWith(" təmˈɑːtoʊ");
        assertThat(got.get(1)).isEqualTo(got.get(0));
    }

    @Test
    void input_format_forces_ssml_or_text() throws Exception {
        Map<String, Object> body = Map.of("input", "Hi <sub alias=\"there\">x</sub>.", "voice", "alloy", "lang",
                "en", "input_format", "ssml");
        HttpResponse<byte[]> r = server.post("/v1/text/analyze", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).isEqualTo(400); // not a <speak> root
        body = Map.of("input", "<speak>Hi <sub alias=\"there\">x</sub>.</speak>", "voice", "alloy", "lang", "en",
                "input_format", "text");
        r = server.post("/v1/text/analyze", JSON.writeValueAsString(body));
        assertThat(JSON.readTree(r.body()).get("sentences").get(0).get("text").asText()).isEqualTo("Hi x.");
    }

    @Test
    void unknown_elements_are_read_and_listed_in_a_warning_header() throws Exception {
        HttpResponse<byte[]> r = speech("<speak><audio src=\"x.wav\">Fallback text.</audio> <foo>More.</foo></speak>",
                ENGINE.voiceId(), "wav");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Hlas-Warnings").orElse("")).contains("audio", "foo");
        assertThat(spoken("<speak><audio src=\"x.wav\">Fallback text.</audio></speak>", "en"))
                .isEqualTo("Fallback text.");
    }

    @Test
    void prosody_rate_and_marks_are_carried_per_sentence() throws Exception {
        JsonNode sentences = analyze("<speak>Normal.<prosody rate=\"slow\">Slow <mark name=\"m1\"/>here.</prosody>"
                + "</speak>", "en").get("sentences");
        assertThat(sentences.get(0).get("rate").asDouble()).isEqualTo(1.0);
        assertThat(sentences.get(1).get("rate").asDouble()).isEqualTo(0.75);
        assertThat(sentences.get(1).get("marks").get(0).get("name").asText()).isEqualTo("m1");
        assertThat(sentences.get(1).get("marks").get(0).get("offset").asInt()).isEqualTo(5);
        // a slower sentence is longer audio on the test engine? It ignores speed; Piper honours it:
        HttpResponse<byte[]> fast = speech("<speak>This is a test.</speak>", "en_US-lessac-medium", "wav");
        HttpResponse<byte[]> slow = speech("<speak><prosody rate=\"50%\">This is a test.</prosody></speak>",
                "en_US-lessac-medium", "wav");
        assertThat(slow.body().length).isGreaterThan(fast.body().length);
    }

    @Test
    void malformed_ssml_is_a_400_naming_line_and_column() throws Exception {
        HttpResponse<byte[]> r = speech("<speak>\nHello <b>there</speak>", "alloy", "wav");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("input");
        assertThat(error.get("message").asText()).contains("line 2, column");
        r = speech("<speak>Wait<break time=\"soon\"/></speak>", "alloy", "wav");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").get("message").asText()).contains("break time");
    }

    @Test
    void hostile_xml_is_refused_quickly_without_touching_files_or_the_network() throws Exception {
        Path secret = Files.writeString(home.resolve("secret.txt"), "TOP-SECRET-MARKER");
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            String laughs = "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY a \"aaaaaaaaaa\">"
                    + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                    + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                    + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                    + "]><speak>&g;</speak>";
            List<String> hostile = List.of(
                    "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY x SYSTEM \"" + secret.toUri()
                            + "\">]><speak>&x;</speak>",
                    "<!DOCTYPE speak SYSTEM \"http://127.0.0.1:" + port + "/evil.dtd\"><speak>Hi.</speak>",
                    "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY x SYSTEM \"http://127.0.0.1:" + port
                            + "/x\">]><speak>&x;</speak>",
                    laughs,
                    "<speak>" + "<s>".repeat(5000) + "deep" + "</s>".repeat(5000) + "</speak>");
            for (String input : hostile) {
                long start = System.nanoTime();
                HttpResponse<byte[]> r = speech(input, "alloy", "wav");
                long millis = (System.nanoTime() - start) / 1_000_000;
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(body).doesNotContain("TOP-SECRET-MARKER").doesNotContain("aaaaaaaaaaaaaaaaaaaa");
                assertThat(millis).as("refused quickly").isLessThan(2000);
            }
            // the parser is synchronous: a fetch it made would have completed its TCP handshake by now
            assertThat(listener.accept()).as("no connection to the DTD/entity URL").isNull();
        }
    }
}
