package dev.hlas.wyoming;

import dev.hlas.config.HlasConfig;
import dev.hlas.config.WyomingConfig;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.WyomingClient;
import dev.hlas.testing.WyomingClient.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.hlas.testing.WyomingClient.audio;
import static dev.hlas.testing.WyomingClient.synthesize;
import static dev.hlas.testing.WyomingClient.text;
import static dev.hlas.testing.WyomingClient.types;
import static org.assertj.core.api.Assertions.assertThat;

/** The Wyoming server, driven by an independent Java client over real sockets. */
class WyomingServerTest {
    private static final String TEXT = "First sentence here. Second one, with a comma! And the last one?";
    @TempDir
    static Path home;
    private static TestServer server;
    private static TestEngine en;
    private static TestEngine cs;
    private static TestEngine big;

    @BeforeAll
    static void start() {
        en = new TestEngine("wy", 2);
        cs = new TestEngine("wycs", 1, List.of("cs-cz", "cs"), 16_000);
        big = new TestEngine("big", 1).chunks(200, 0.5);
        Map<String, String> defaults = new LinkedHashMap<>(); // in order: Czech is the default language
        defaults.put("cs", cs.voiceId());
        defaults.put("en", en.voiceId());
        server = new TestServer(home, c -> c.withVoices(c.voices().withLanguageDefaults(defaults))
                .withWyoming(WyomingConfig.off().withPort(0).withZeroconf(false).withSpeeds(List.of(0.9, 1.2))
                        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofMinutes(1))),
                List.of(en, cs, big));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static WyomingServer wyoming() {
        return server.hlas().wyoming();
    }

    private static WyomingClient client() throws Exception {
        return new WyomingClient(wyoming().port());
    }

    private static void awaitIdle() {
        Await.until("no Wyoming connection, turn or engine stream left", () -> wyoming().connections() == 0
                && wyoming().activeTurns() == 0 && server.hlas().speech().scheduler().activeStreams() == 0
                && big.running() == 0 && en.running() == 0);
    }

    private static byte[] httpPcm(String voice, String input, int rate) throws Exception {
        String json = "{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + input
                + "\",\"response_format\":\"pcm\",\"sample_rate\":" + rate + "}";
        HttpRequest request = server.speechRequest(json).header("Cache-Control", "no-cache").build();
        HttpResponse<byte[]> response = server.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    @Test
    @SuppressWarnings("unchecked")
    void describe_lists_a_streaming_tts_program_with_voices_aliases_and_speed_variants() throws Exception {
        try (WyomingClient c = client()) {
            c.send("describe");
            Event info = c.read();
            assertThat(info.type()).isEqualTo("info");
            // Written as the reference library writes: data in a separate block, announced by data_length.
            assertThat(info.header()).containsKeys("type", "version", "data_length").doesNotContainKey("data");
            List<Map<String, Object>> programs = (List<Map<String, Object>>) info.data().get("tts");
            assertThat(programs).hasSize(1);
            Map<String, Object> tts = programs.getFirst();
            assertThat(tts).containsKeys("name", "attribution", "installed", "description", "version", "voices")
                    .doesNotContainKey("models").containsEntry("supports_synthesize_streaming", true)
                    .containsEntry("installed", true);
            List<Map<String, Object>> voices = (List<Map<String, Object>>) tts.get("voices");
            for (Map<String, Object> v : voices) {
                assertThat(v).containsKeys("name", "languages", "attribution", "installed", "speakers",
                        "description");
                assertThat((Map<String, Object>) v.get("attribution")).containsKeys("name", "url");
            }
            Map<String, Map<String, Object>> byName = voices.stream()
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
            assertThat(byName).containsKeys("wy-voice", "wy-voice@0.9", "wy-voice@1.2", "alloy", "alloy@1.2",
                    "nova", "espeak:cs").doesNotContainKey("espeak:cs@1.2");
            assertThat((List<String>) byName.get("wycs-voice").get("languages")).containsExactly("cs-cz", "cs");
            assertThat((List<String>) byName.get("alloy").get("languages")).contains("cs", "en");
            assertThat((String) byName.get("wy-voice@1.2").get("description")).contains("speed 1.2");

            c.send("describe"); // the connection stays open for more events
            assertThat(c.read().type()).isEqualTo("info");
        }
    }

    @Test
    void synthesize_gives_the_same_pcm_as_the_http_pcm_response_at_the_same_rate() throws Exception {
        List<Event> events;
        try (WyomingClient c = client()) {
            c.send("synthesize", synthesize(TEXT, en.voiceId()));
            events = c.readUntil("audio-stop");
        }
        assertThat(types(events).getFirst()).isEqualTo("audio-start");
        Event start = events.getFirst();
        assertThat(start.integer("rate")).isEqualTo(TestEngine.SAMPLE_RATE);
        assertThat(start.integer("width")).isEqualTo(2);
        assertThat(start.integer("channels")).isEqualTo(1);
        List<Event> chunks = events.stream().filter(e -> e.type().equals("audio-chunk")).toList();
        assertThat(chunks).isNotEmpty().allSatisfy(e -> {
            assertThat(e.integer("rate")).isEqualTo(TestEngine.SAMPLE_RATE);
            assertThat(e.integer("width")).isEqualTo(2);
            assertThat(e.integer("channels")).isEqualTo(1);
            assertThat(e.data()).containsKey("timestamp");
            assertThat(e.payload().length).isBetween(2, 2048);
        });
        byte[] pcm = audio(events);
        assertThat(pcm).isEqualTo(httpPcm(en.voiceId(), TEXT, TestEngine.SAMPLE_RATE));
        assertThat(events.getLast().integer("timestamp")).isEqualTo(pcm.length / 2 * 1000 / TestEngine.SAMPLE_RATE);
    }

    @Test
    void text_format_ssml_is_read_with_the_same_parser_as_http() throws Exception {
        String plain = "One. Two.";
        String ssml = "<speak>One. <break time=\"600ms\"/> Two.</speak>";
        byte[] withoutBreak;
        byte[] withBreak;
        List<Event> refused;
        try (WyomingClient c = client()) {
            c.send("synthesize", synthesize(plain, en.voiceId()));
            withoutBreak = audio(c.readUntil("audio-stop"));
            Map<String, Object> data = new HashMap<>(synthesize(ssml, en.voiceId()));
            data.put("text_format", "ssml");
            c.send("synthesize", data);
            withBreak = audio(c.readUntil("audio-stop"));
            Map<String, Object> bad = new HashMap<>(synthesize(plain, en.voiceId()));
            bad.put("text_format", "markdown");
            c.send("synthesize", bad);
            refused = c.readUntil("error");
        }
        int breakBytes = (int) Math.round(0.6 * TestEngine.SAMPLE_RATE) * 2;
        assertThat(withBreak.length - withoutBreak.length).isBetween(breakBytes - 2048, breakBytes + 2048);
        assertThat(String.valueOf(refused.getLast().data().get("text"))).contains("text_format");
    }

    @Test
    void ssml_streamed_in_chunks_is_spoken_at_safe_points_and_sounds_like_the_whole_document() throws Exception {
        String ssml = "<speak>First sentence here. Visit <sub alias=\"World Wide Web\">WWW</sub> today."
                + "<break time=\"600ms\"/><p>A paragraph.</p><p>The last one.</p></speak>";
        String[] chunks = {"<spe", "ak>First sentence here. Vis", "it <sub alias=\"World Wi", "de Web\">WWW</sub> to",
            "day.<break time=\"600ms\"/>", "<p>A paragraph.</p>", "<p>The last one.</p></speak>"};
        int heardBefore = en.heard().size();
        List<Event> events = new java.util.ArrayList<>();
        try (WyomingClient c = client()) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", en.voiceId())));
            c.send("synthesize-chunk", text(chunks[0]));
            c.send("synthesize-chunk", text(chunks[1]));
            // the first sentence is complete (the next has begun): spoken before the document is
            events.addAll(c.readUntil("audio-chunk"));
            for (int i = 2; i < chunks.length; i++) c.send("synthesize-chunk", text(chunks[i]));
            c.send("synthesize-stop");
            events.addAll(c.readUntil("synthesize-stopped"));
        }
        assertThat(types(events)).doesNotContain("error");
        List<String> heard = en.heard().subList(heardBefore, en.heard().size()).stream()
                .map(dev.hlas.engine.Utterance::text).toList();
        assertThat(heard).containsExactly("First sentence here.", "Visit World Wide Web today.", "A paragraph.",
                "The last one.");
        // the same audio as the whole document over HTTP: the break's 600 ms of silence included
        String json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("model", "tts-1").put("voice", en.voiceId())
                .put("input", ssml).put("response_format", "pcm").put("sample_rate", TestEngine.SAMPLE_RATE)
                .toString();
        HttpResponse<byte[]> whole = server.http().send(server.speechRequest(json).header("Cache-Control",
                "no-cache").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audio(events)).isEqualTo(whole.body());
        int breakBytes = (int) Math.round(0.6 * TestEngine.SAMPLE_RATE) * 2;
        assertThat(audio(events).length).isEqualTo(httpPcm(en.voiceId(), "One. Two. Three. Four.",
                TestEngine.SAMPLE_RATE).length + breakBytes);
    }

    @Test
    void streamed_ssml_routes_lang_spans_and_malformed_ssml_is_an_error_that_still_ends_the_stream()
            throws Exception {
        int csBefore = cs.calls();
        List<Event> events;
        try (WyomingClient c = client()) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", "alloy"), "text_format", "ssml"));
            c.send("synthesize-chunk", text("<speak xml:lang=\"en\">Hello there. <lang xml:lang=\"cs\">Dob"));
            c.send("synthesize-chunk", text("rý den.</lang> Bye now.</speak>"));
            c.send("synthesize-stop");
            events = c.readUntil("synthesize-stopped");
            assertThat(types(events)).doesNotContain("error").contains("audio-chunk");
            assertThat(cs.calls() - csBefore).as("the <lang> span by the Czech voice").isEqualTo(1);

            c.send("synthesize-start", Map.of("voice", Map.of("name", en.voiceId())));
            c.send("synthesize-chunk", text("<speak>Fine.\nStill <b>fine</i> here.</speak>"));
            c.send("synthesize-stop");
            events = c.readUntil("synthesize-stopped");
        }
        Event error = events.stream().filter(e -> e.type().equals("error")).findFirst().orElseThrow();
        assertThat(String.valueOf(error.data().get("text"))).contains("Malformed SSML at line 2, column");
    }

    @Test
    void inline_data_is_read_too_and_a_speed_variant_speaks_faster() throws Exception {
        byte[] normal;
        byte[] fast;
        try (WyomingClient c = client()) {
            c.sendInline("synthesize", synthesize("Speed test.", en.voiceId()));
            normal = audio(c.readUntil("audio-stop"));
            c.sendInline("synthesize", synthesize("Speed test.", en.voiceId() + "@2"));
            fast = audio(c.readUntil("audio-stop"));
        }
        assertThat(fast.length).isCloseTo(normal.length / 2, org.assertj.core.data.Offset.offset(4));
    }

    @Test
    void a_stream_speaks_sentences_as_they_complete_ignores_the_trailing_synthesize_and_ends_stopped()
            throws Exception {
        int before = en.calls();
        List<Event> events = new java.util.ArrayList<>();
        try (WyomingClient c = client()) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", en.voiceId())));
            c.send("synthesize-chunk", text("First sent"));
            c.send("synthesize-chunk", text("ence here. Sec"));
            // The first sentence is complete: its audio comes before the stream is stopped.
            events.addAll(c.readUntil("audio-chunk"));
            for (int i = 0; i < 4; i++) c.send("synthesize-chunk", text(""));
            c.send("synthesize-chunk", text("ond one, with a comma! And the last one?"));
            c.send("synthesize", synthesize(TEXT, en.voiceId())); // the compatibility copy: must not be spoken
            c.send("synthesize-stop");
            events.addAll(c.readUntil("synthesize-stopped"));
            c.send("describe"); // nothing else was queued behind synthesize-stopped
            assertThat(c.read().type()).isEqualTo("info");
        }
        List<String> types = types(events);
        assertThat(types.stream().filter("audio-start"::equals).count()).isEqualTo(1);
        assertThat(types.stream().filter("audio-stop"::equals).count()).isEqualTo(1);
        assertThat(types.getLast()).isEqualTo("synthesize-stopped");
        assertThat(types.get(types.size() - 2)).isEqualTo("audio-stop");
        assertThat(types).doesNotContain("error");
        assertThat(en.calls() - before).as("three sentences, each synthesized once").isEqualTo(3);
        assertThat(audio(events)).isEqualTo(httpPcm(en.voiceId(), TEXT, TestEngine.SAMPLE_RATE));
    }

    @Test
    void mixed_czech_and_english_in_one_stream_keep_the_format_of_the_first_audio_start() throws Exception {
        int csBefore = cs.calls();
        int enBefore = en.calls();
        List<Event> events;
        try (WyomingClient c = client()) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", "alloy")));
            c.send("synthesize-chunk", text("Dobrý den, jak se máte? Mám se dob"));
            c.send("synthesize-chunk", text("ře, děkuji. Hello, how are you today? I am fine, thank you."));
            c.send("synthesize-stop");
            events = c.readUntil("synthesize-stopped");
        }
        assertThat(cs.calls() - csBefore).as("Czech sentences by the Czech voice").isEqualTo(2);
        assertThat(en.calls() - enBefore).as("English sentences by the English voice").isEqualTo(2);
        List<Event> starts = events.stream().filter(e -> e.type().equals("audio-start")).toList();
        assertThat(starts).hasSize(1);
        int rate = starts.getFirst().integer("rate");
        assertThat(rate).isEqualTo(16_000);
        assertThat(events.stream().filter(e -> e.type().equals("audio-chunk")).map(e -> e.integer("rate"))
                .collect(Collectors.toSet())).isEqualTo(Set.of(rate));
        // 4 sentences × 2 chunks × 0.1 s, the English ones resampled from 22.05 kHz to 16 kHz.
        assertThat(audio(events).length / 2.0 / rate).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void bad_input_gets_an_error_event_and_the_connection_stays_usable() throws Exception {
        try (WyomingClient c = client()) {
            c.send("synthesize", synthesize("Hello.", "no-such-voice"));
            Event error = c.read();
            assertThat(error.type()).isEqualTo("error");
            assertThat(error.data()).containsEntry("code", "voice_not_found").containsKey("text");

            c.send("synthesize", synthesize("Hello.", en.voiceId() + "@fast"));
            assertThat(c.read().data()).containsEntry("code", "invalid_value");

            c.send("synthesize", synthesize("x".repeat(5000), en.voiceId()));
            assertThat(c.read().data()).containsEntry("code", "string_above_max_length");

            c.send("synthesize-chunk", text("no stream"));
            assertThat(c.read().data()).containsEntry("code", "unexpected_event");

            c.sendRaw(WyomingClient.utf8("this is not json\n"));
            assertThat(c.read().data()).containsEntry("code", "malformed_header");
            c.sendRaw(WyomingClient.utf8("{\"data\":{}}\n"));
            assertThat(c.read().data()).containsEntry("code", "malformed_header");

            c.send("synthesize", synthesize("Still here.", en.voiceId()));
            assertThat(types(c.readUntil("audio-stop"))).first().isEqualTo("audio-start");
        }
    }

    @Test
    void a_stream_with_an_unknown_voice_reports_it_and_still_ends_with_synthesize_stopped() throws Exception {
        try (WyomingClient c = client()) {
            c.send("synthesize-start", Map.of("voice", Map.of("name", "nobody")));
            c.send("synthesize-chunk", text("Hello there."));
            c.send("synthesize", text("Hello there."));
            c.send("synthesize-stop");
            List<Event> events = c.readUntil("synthesize-stopped");
            assertThat(types(events)).containsExactly("error", "synthesize-stopped");
            assertThat(events.getFirst().data()).containsEntry("code", "voice_not_found");
        }
    }

    @Test
    void oversize_lengths_and_endless_header_lines_end_the_connection_after_an_error() throws Exception {
        for (String header : List.of("{\"type\":\"synthesize\",\"data_length\":1000000000}\n",
                "{\"type\":\"synthesize\",\"payload_length\":99999999999}\n",
                "{\"type\":\"synthesize\",\"data_length\":-5}\n")) {
            try (WyomingClient c = client()) {
                c.sendRaw(WyomingClient.utf8(header));
                Event error = c.read();
                assertThat(error.type()).isEqualTo("error");
                assertThat(c.closedByServer()).as(header).isTrue();
            }
        }
        try (WyomingClient c = client()) {
            c.sendRaw(new byte[70 * 1024]); // no newline in sight
            assertThat(c.read().data()).containsEntry("code", "frame_too_large");
            assertThat(c.closedByServer()).isTrue();
        }
        awaitIdle();
    }

    @Test
    void a_slow_loris_client_is_disconnected_once_its_frame_takes_too_long() throws Exception {
        try (WyomingClient c = client()) {
            c.sendRaw(WyomingClient.utf8("{\"type\":\"synth"));
            assertThat(c.closedByServer()).isTrue(); // frame timeout 500 ms; the client waits up to 20 s
        }
        try (WyomingClient c = client()) { // a frame whose data never arrives
            c.sendRaw(WyomingClient.utf8("{\"type\":\"synthesize\",\"data_length\":100}\n{\"text\":"));
            assertThat(c.closedByServer()).isTrue();
        }
        awaitIdle();
    }

    @Test
    void a_client_that_stops_reading_mid_response_is_dropped_and_its_worker_freed() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", wyoming().port()));
        int before = big.calls();
        try (WyomingClient c = new WyomingClient(socket)) {
            c.send("synthesize", synthesize("A very long answer.", big.voiceId())); // 100 s of audio, never read
            Await.until("the engine started", () -> big.calls() > before);
            awaitIdle(); // write timeout 800 ms: the server gives up on the client
        }
    }

    @Test
    void fifty_abrupt_disconnects_leave_no_connection_turn_or_worker() throws Exception {
        for (int i = 0; i < 50; i++) {
            Socket socket = new Socket("127.0.0.1", wyoming().port());
            WyomingClient c = new WyomingClient(socket);
            switch (i % 3) {
                case 0 -> c.send("synthesize", synthesize("Hello number " + i + ". And more.", big.voiceId()));
                case 1 -> {
                    c.send("synthesize-start", Map.of("voice", Map.of("name", big.voiceId())));
                    c.send("synthesize-chunk", text("Streaming " + i + ". More"));
                    c.read(); // audio-start: synthesis is running
                }
                default -> {
                    c.send("synthesize", synthesize("Reading then gone " + i + ".", big.voiceId()));
                    c.read();
                }
            }
            socket.setSoLinger(true, 0); // reset, not a polite close
            socket.close();
        }
        awaitIdle();
        try (WyomingClient c = client()) { // and the server still answers
            c.send("describe");
            assertThat(c.read().type()).isEqualTo("info");
        }
    }

    @Test
    void each_synthesis_is_a_request_record_with_transport_wyoming_in_the_metrics() throws Exception {
        try (WyomingClient c = client()) {
            c.send("synthesize", synthesize("Metered.", en.voiceId()));
            c.readUntil("audio-stop");
            c.send("synthesize", synthesize("Refused.", "nobody"));
            c.read();
        }
        Await.until("both records finished", () -> {
            String metrics = server.get("/metrics").body();
            return metrics.contains("hlas_transport_requests_total{route=\"synthesize\",status=\"200\","
                    + "transport=\"wyoming\"}") && metrics.contains("hlas_transport_requests_total{route="
                    + "\"synthesize\",status=\"400\",transport=\"wyoming\"}");
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recent = (List<Map<String, Object>>) server.hlas().metrics().summary().snapshot()
                .get("recent");
        assertThat(recent).anySatisfy(r -> {
            assertThat(r).containsEntry("transport", "wyoming").containsEntry("status", 200)
                    .containsEntry("voice", en.voiceId()).containsEntry("characters", 8);
            assertThat(r.get("ttfb_ms")).isNotNull();
        });
    }

    @Test
    void the_zeroconf_announcement_is_the_wyoming_service_type_on_the_port() {
        var info = Zeroconf.serviceInfo(Zeroconf.instanceName(), 10200);
        assertThat(info.getType()).isEqualTo("_wyoming._tcp.local.");
        assertThat(info.getPort()).isEqualTo(10200);
        assertThat(info.getName()).startsWith("hlas-").matches("[a-z0-9-]+");
    }

    @Test
    void a_full_engine_answers_busy_at_once_not_a_stall(@TempDir Path dir) throws Exception {
        TestEngine held = new TestEngine("held", 1).hold();
        try (TestServer s = heldServer(dir, held);
             WyomingClient first = new WyomingClient(s.hlas().wyoming().port());
             WyomingClient second = new WyomingClient(s.hlas().wyoming().port())) {
            first.send("synthesize", synthesize("Hold.", held.voiceId()));
            Await.until("the first synthesis holds the only place", () -> held.running() == 1);
            second.send("synthesize", synthesize("Refused.", held.voiceId()));
            Event busy = second.read();
            assertThat(busy.type()).isEqualTo("error");
            assertThat(busy.data()).containsEntry("code", "rate_limit_exceeded");
            second.send("synthesize-start", Map.of("voice", Map.of("name", held.voiceId())));
            second.send("synthesize-chunk", text("Refused as well."));
            second.send("synthesize-stop");
            List<Event> stream = second.readUntil("synthesize-stopped");
            assertThat(types(stream)).containsExactly("error", "synthesize-stopped");
            assertThat(stream.getFirst().data()).containsEntry("code", "rate_limit_exceeded");
            held.release();
            assertThat(audio(first.readUntil("audio-stop"))).isNotEmpty();
        }
    }

    /** Helper for a server whose only engine holds every synthesis. */
    static TestServer heldServer(Path dir, TestEngine held) {
        return new TestServer(dir, (HlasConfig c) -> c.withServing(c.serving().withQueueLimit(0))
                .withWyoming(WyomingConfig.off().withPort(0).withZeroconf(false)), List.of(held));
    }
}
