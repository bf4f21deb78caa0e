package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Decoded;
import dev.hlas.audio.Encoders;
import dev.hlas.testing.Await;
import dev.hlas.testing.EndedStreams;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every response_format through the real server, decoded by ffmpeg/ffprobe. */
class SpeechFormatsHttpTest {
    static final String ENGLISH = "The first sentence is short. The second one talks about the weather in Prague, "
            + "which was cold and windy today. Numbers like twelve and forty two are spoken too. Then a question: "
            + "does streaming work? Yes, it does. Sixth, a longer sentence keeps the engine busy for a while longer. "
            + "Seventh comes next. And the eighth sentence ends this little story.";
    static final String CZECH = "Dobrý den, vítejte v Praze. Dnes je venku zima a fouká vítr. Příliš žluťoučký kůň "
            + "úpěl ďábelské ódy. Jak se máte? Mám se dobře, děkuji. Šestá věta je trochu delší, aby hlasový "
            + "stroj chvíli pracoval. Sedmá věta přichází. A osmá věta tento krátký příběh končí.";
    static final String[] CONTAINERS = {"mp3", "ogg", "aac", "flac", "wav", "s16le"};
    static final String[] CODECS = {"mp3", "opus", "aac", "flac", "pcm_s16le", "pcm_s16le"};

    static TestServer server;
    static EndedStreams listener;
    @TempDir
    static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        // These tests watch synthesis happen for every request (the listener); the response cache has its own tests.
        server = new TestServer(home, c -> c.withServing(c.serving().withCache(false, 0, 0)));
        listener = server.streams();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void reset() {
        listener.clear();
    }

    static HttpRequest post(String json) {
        return server.speechRequest(json).build();
    }

    static String body(String input, String lang, AudioFormat format, String extra) {
        return Json.MAPPER.createObjectNode().put("model", "tts-1").put("input", input).put("voice", "alloy")
                .put("lang", lang).put("response_format", format.wireName()).toString()
                .replaceFirst("}$", extra.isEmpty() ? "}" : "," + extra + "}");
    }

    /** A streamed response read as it arrives: when its first byte came, and everything. */
    record Streamed(HttpResponse<InputStream> response, byte[] bytes) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static Streamed fetch(String json) throws Exception {
        HttpResponse<InputStream> response = server.http().send(post(json), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            return new Streamed(response, in.readAllBytes());
        }
    }

    Decoded decode(byte[] bytes, AudioFormat format, int rate) throws Exception {
        return format == AudioFormat.PCM ? Decoded.rawPcm(bytes, rate, dir) : Decoded.of(bytes, dir);
    }

    static Stream<Arguments> formatsAndLanguages() {
        List<Arguments> args = new ArrayList<>();
        for (AudioFormat f : AudioFormat.values()) {
            args.add(Arguments.of(f, "en"));
            args.add(Arguments.of(f, "cs"));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndLanguages")
    void every_format_streams_one_valid_file(AudioFormat format, String lang)
            throws Exception {
        Streamed s = fetch(body(lang.equals("cs") ? CZECH : ENGLISH, lang, format, ""));
        EndedStreams.Ended synthesized = listener.next();

        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.header("content-type")).isEqualTo(format.contentType());
        int rate = Integer.parseInt(s.header("x-sample-rate"));
        assertThat(rate).isEqualTo(switch (format) {
            case PCM -> 24000;
            case OPUS -> 48000;
            default -> 22050; // espeak-ng's native rate, which every other format keeps
        });
        assertThat(synthesized.completed()).isTrue();

        Decoded d = decode(s.bytes(), format, rate);
        assertThat(d.errors()).isEmpty();
        assertThat(d.container()).isEqualTo(CONTAINERS[format.ordinal()]);
        assertThat(d.codec()).isEqualTo(CODECS[format.ordinal()]);
        assertThat(d.sampleRate()).isEqualTo(rate);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(synthesized.seconds()).isGreaterThan(5);
        assertThat(d.seconds()).isCloseTo(synthesized.seconds(), within(synthesized.seconds() * 0.05));
        if (format == AudioFormat.WAV) {
            assertThat(new String(s.bytes(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(littleEndianInt(s.bytes(), 4)).isEqualTo(0xFFFFFFFF);
            assertThat(littleEndianInt(s.bytes(), 40)).isEqualTo(0xFFFFFFFF);
        }
    }

    static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** Parsed SSE events ({@code data:} JSON objects), in order. */
    static List<Map<String, Object>> events(byte[] body) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String block : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
            if (block.isBlank()) continue;
            assertThat(block).startsWith("data: ");
            @SuppressWarnings("unchecked")
            Map<String, Object> e = Json.MAPPER.readValue(block.substring(6), Map.class);
            events.add(e);
        }
        return events;
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void sse_carries_the_same_audio_as_base64_deltas_then_done_with_usage(AudioFormat format) throws Exception {
        Streamed plain = fetch(body(ENGLISH, "en", format, ""));
        listener.next();
        Streamed sse = fetch(body(ENGLISH, "en", format, "\"stream_format\":\"sse\""));
        EndedStreams.Ended synthesized = listener.next();

        assertThat(sse.response().statusCode()).isEqualTo(200);
        assertThat(sse.header("content-type")).isEqualTo("text/event-stream");
        List<Map<String, Object>> events = events(sse.bytes());
        assertThat(events.size()).isGreaterThan(2);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (Map<String, Object> e : events.subList(0, events.size() - 1)) {
            assertThat(e).containsOnlyKeys("type", "audio").containsEntry("type", "speech.audio.delta");
            audio.write(Base64.getDecoder().decode((String) e.get("audio")));
        }
        Map<String, Object> done = events.getLast();
        assertThat(done).containsOnlyKeys("type", "usage").containsEntry("type", "speech.audio.done");
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) done.get("usage");
        int in = ((Number) usage.get("input_tokens")).intValue();
        int out = ((Number) usage.get("output_tokens")).intValue();
        assertThat(in).isEqualTo((ENGLISH.length() + 3) / 4);
        assertThat(out).isCloseTo((int) Math.ceil(synthesized.seconds() * 20), within(2));
        assertThat(((Number) usage.get("total_tokens")).intValue()).isEqualTo(in + out);

        int rate = Integer.parseInt(sse.header("x-sample-rate"));
        Decoded fromSse = decode(audio.toByteArray(), format, rate);
        Decoded fromPlain = decode(plain.bytes(), format, rate);
        assertThat(fromSse.errors()).isEmpty();
        assertThat(fromSse.codec()).isEqualTo(fromPlain.codec());
        assertThat(fromSse.container()).isEqualTo(fromPlain.container());
        assertThat(fromSse.sampleRate()).isEqualTo(fromPlain.sampleRate());
        // Two syntheses of the same text differ by a few samples (espeak-ng's output jitters by ~±20 samples from
        // call to call), which can tip an mp3/aac stream over one more 1152/1024-sample frame: allow one frame.
        assertThat(fromSse.seconds()).isCloseTo(fromPlain.seconds(), within(0.08));
        assertThat(fromSse.seconds()).isCloseTo(synthesized.seconds(), within(synthesized.seconds() * 0.05));
    }

    @Test
    void sample_rate_overrides_the_default_and_is_reported() throws Exception {
        record Case(AudioFormat format, int requested, int expected) {
        }
        for (Case c : List.of(new Case(AudioFormat.PCM, 16000, 16000), new Case(AudioFormat.WAV, 44100, 44100),
                new Case(AudioFormat.FLAC, 8000, 8000), new Case(AudioFormat.MP3, 16000, 16000),
                new Case(AudioFormat.AAC, 47000, 48000), new Case(AudioFormat.OPUS, 16000, 48000))) {
            Streamed s = fetch(body("Hello there. This is a test of the sample rate.", "en", c.format(),
                    "\"sample_rate\":" + c.requested()));
            EndedStreams.Ended synthesized = listener.next();
            assertThat(s.header("x-sample-rate")).as(c.toString()).isEqualTo(Integer.toString(c.expected()));
            Decoded d = decode(s.bytes(), c.format(), c.expected());
            assertThat(d.errors()).isEmpty();
            assertThat(d.sampleRate()).as(c.toString()).isEqualTo(c.expected());
            assertThat(d.seconds()).as(c.toString())
                    .isCloseTo(synthesized.seconds(), within(synthesized.seconds() * 0.05 + 0.06));
        }
    }

    @Test
    void sample_rate_outside_the_range_is_a_400_naming_the_param() throws Exception {
        HttpResponse<String> r = server.http().send(post(body("Hello.", "en", AudioFormat.PCM, "\"sample_rate\":96000")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"param\":\"sample_rate\"");
    }

    @ParameterizedTest
    @EnumSource(value = AudioFormat.class, names = {"MP3", "OPUS", "AAC", "FLAC", "WAV", "PCM"})
    void speed_changes_the_duration_in_every_format(AudioFormat format) throws Exception {
        String text = "Speed should change how long this sentence takes to say.";
        Streamed normal = fetch(body(text, "en", format, ""));
        listener.next();
        Streamed fast = fetch(body(text, "en", format, "\"speed\":2.0"));
        listener.next();
        int rate = Integer.parseInt(normal.header("x-sample-rate"));
        double n = decode(normal.bytes(), format, rate).seconds();
        double f = decode(fast.bytes(), format, rate).seconds();
        assertThat(f).isLessThan(n * 0.7);
    }

    @Test
    void volume_makes_the_audio_quieter_or_louder() throws Exception {
        String text = "Volume is a gain applied before encoding.";
        double[] rms = new double[3];
        double[] volumes = {0.25, 1.0, 2.0};
        for (int i = 0; i < 3; i++) {
            Streamed s = fetch(body(text, "en", AudioFormat.PCM, "\"volume\":" + volumes[i]));
            listener.next();
            float[] samples = decode(s.bytes(), AudioFormat.PCM, 24000).samples();
            double sum = 0;
            for (float v : samples) sum += v * v;
            rms[i] = Math.sqrt(sum / samples.length);
        }
        assertThat(rms[0] / rms[1]).isCloseTo(0.25, within(0.02));
        assertThat(rms[2] / rms[1]).isGreaterThan(1.6);
    }

    @ParameterizedTest
    @EnumSource(value = AudioFormat.class, names = {"MP3", "OPUS", "AAC", "FLAC", "WAV"})
    void a_client_that_disconnects_leaves_no_stream_or_native_encoder_behind(AudioFormat format) throws Exception {
        cancelAfterFirstBytes(format, "");
    }

    @Test
    void an_sse_client_that_disconnects_leaves_nothing_behind() throws Exception {
        cancelAfterFirstBytes(AudioFormat.OPUS, "\"stream_format\":\"sse\"");
    }

    private void cancelAfterFirstBytes(AudioFormat format, String extra) throws Exception {
        String input = (ENGLISH + " ").repeat(8).strip(); // minutes of audio: far more than one read's worth
        try (Socket socket = server.rawSpeechPost(body(input, "en", format, extra))) {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[2048];
            int n = in.read(buf);
            assertThat(new String(buf, 0, Math.max(0, n), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            socket.setSoLinger(true, 0); // reset, as a client killed mid-stream does
        }
        EndedStreams.Ended ended = listener.next();
        assertThat(ended.completed()).as("synthesis was cut short").isFalse();
        Await.until("no active stream and no open native encoder",
                () -> server.hlas().speech().scheduler().activeStreams() == 0 && Encoders.openNativeEncoders() == 0);
    }
}
