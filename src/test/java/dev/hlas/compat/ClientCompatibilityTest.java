package dev.hlas.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.models.Model;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replays, against the real server, the exact requests existing clients make, and parses each answer the way that
 * client parses it (the client, version and source file are in {@link Client}). Two servers: {@code open} without
 * API keys, {@code keyed} with a key and {@code --public-catalog}. After all replays, the compatibility document is
 * generated from the outcomes ({@link CompatibilityReport}) and must equal docs/COMPATIBILITY.md.
 */
class ClientCompatibilityTest {
    static final String KEY = "sk-compat-test";
    static final Path DOC = Path.of("docs", "COMPATIBILITY.md");
    static final Path GENERATED = Path.of("target", "compatibility", "COMPATIBILITY.md");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final CompatibilityReport REPORT = new CompatibilityReport();
    @TempDir
    static Path home;
    static TestServer open;
    static TestServer keyed;

    @BeforeAll
    static void start() {
        open = TestServer.start(home.resolve("open"), s -> s);
        keyed = TestServer.start(home.resolve("keyed"), s -> s.withApiKeys(List.of(KEY)).withPublicCatalog(true));
    }

    @AfterAll
    static void stopAndCompareTheDocument() throws Exception {
        try {
            if (open != null) open.close();
        } finally {
            if (keyed != null) keyed.close();
        }
        List<CompatibilityReport.Proof> proofs = CompatibilityReport.proofs(ClientCompatibilityTest.class);
        String generated = REPORT.render(proofs);
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, generated);
        List<String> notRun = REPORT.notRun(proofs);
        List<String> skipped = REPORT.skipped(proofs);
        if (!notRun.isEmpty() || !skipped.isEmpty()) {
            System.err.println("*** docs/COMPATIBILITY.md not compared: proving tests skipped " + skipped
                    + " or not run " + notRun + "; this run's version is in " + GENERATED.toAbsolutePath() + " ***");
            return;
        }
        if (Boolean.getBoolean("hlas.compat.write")) Files.writeString(DOC, generated);
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("docs/COMPATIBILITY.md must be what the suite generates (" + GENERATED + "); regenerate with "
                        + "mvn -B test -Dtest=ClientCompatibilityTest -Dhlas.compat.write=true")
                .isEqualTo(generated);
    }

    @Test
    void every_client_has_a_replay_and_every_gap_a_reason() {
        List<CompatibilityReport.Proof> proofs = CompatibilityReport.proofs(ClientCompatibilityTest.class);
        for (Client c : Client.values()) {
            assertThat(proofs).as(c.title).anyMatch(p -> p.client() == c);
            c.gaps.forEach((f, why) -> assertThat(why).as(c + " " + f).isNotBlank());
            c.gaps.keySet().forEach(f -> assertThat(proofs).as(c + " " + f + " is both a gap and proved")
                    .noneMatch(p -> p.client() == c && p.feature() == f));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** open-webui/open-webui backend/open_webui/routers/audio.py @ 01fb3e46 (engine "openai", custom base URL). */
    @Nested
    class OpenWebUi {
        /** get_available_voices: GET {base}/audio/voices, no Authorization; {v["id"]: v["name"] for v in voices}. */
        @Test
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.VOICES)
        void voices_are_read_without_a_key_as_id_name_pairs() throws Exception {
            var response = get(keyed, "/v1/audio/voices", Map.of());
            response.raiseForStatus();
            Map<String, String> voices = new LinkedHashMap<>();
            for (JsonNode v : response.json().path("voices")) voices.put(v.get("id").textValue(), v.get("name").textValue());
            assertThat(voices).containsKeys("alloy", "nova", "espeak:cs");
            assertThat(voices.values()).allSatisfy(name -> assertThat(name).isNotBlank());
        }

        /** get_available_models: GET {base}/audio/models, no Authorization; data.get("models", []) of {"id"}. */
        @Test
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.MODELS)
        void models_come_from_the_audio_models_route_without_a_key() throws Exception {
            var response = get(keyed, "/v1/audio/models", Map.of());
            response.raiseForStatus();
            List<String> ids = new ArrayList<>();
            for (JsonNode m : response.json().path("models")) ids.add(m.get("id").textValue());
            assertThat(ids).contains("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
        }

        /** speech: POST {base}/audio/speech with the front-end's {input, voice} and model set; the body is saved as .mp3. */
        @Test
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.SPEECH)
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.FORMATS)
        void speech_without_a_format_is_mp3() throws Exception {
            var response = post(keyed, "/v1/audio/speech", Map.of("input", "Hello from Open WebUI.", "voice", "alloy",
                    "model", "tts-1"), Map.of("Authorization", "Bearer " + KEY));
            response.raiseForStatus();
            assertThat(response.contentType()).isEqualTo("audio/mpeg");
            assertThat(isMp3(response.body())).isTrue();
        }

        /** On a failed speech call: res["error"].get("message") becomes "External: <message>". */
        @Test
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.ERRORS)
        void errors_carry_error_message() throws Exception {
            var response = post(keyed, "/v1/audio/speech", Map.of("input", "Hi.", "voice", "no-such-voice",
                    "model", "tts-1"), Map.of("Authorization", "Bearer " + KEY));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").path("message").asText()).contains("no-such-voice");
        }

        /** With keys on and --public-catalog: lists without a key, speech only with one. */
        @Test
        @Proves(client = Client.OPEN_WEBUI, feature = Feature.AUTH)
        void public_catalog_opens_the_lists_but_not_speech() throws Exception {
            assertThat(get(keyed, "/v1/audio/voices", Map.of()).status()).isEqualTo(200);
            assertThat(get(keyed, "/v1/audio/models", Map.of()).status()).isEqualTo(200);
            var speech = post(keyed, "/v1/audio/speech", Map.of("input", "Hi.", "voice", "alloy", "model", "tts-1"),
                    Map.of());
            assertThat(speech.status()).isEqualTo(401);
            assertThat(speech.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    /** sfortis/openai_tts 3.7 custom_components/openai_tts/openaitts_engine.py @ 5c8b3beb. */
    @Nested
    class HomeAssistantOpenAiTts {
        static Map<String, String> headers(String key) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("User-Agent", "HomeAssistant-OpenAI-TTS");
            if (key != null) h.put("Authorization", "Bearer " + key);
            return h;
        }

        /** get_tts: {model, input, voice, response_format: mp3, speed, instructions} plus the extra_payload JSON merged in. */
        @Test
        @Proves(client = Client.HA_OPENAI_TTS, feature = Feature.SPEECH)
        @Proves(client = Client.HA_OPENAI_TTS, feature = Feature.FORMATS)
        void speech_with_instructions_and_an_extra_payload() throws Exception {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("model", "tts-1");
            payload.put("input", "Dobrý den, světla v obýváku jsou zhasnutá.");
            payload.put("voice", "shimmer");
            payload.put("response_format", "mp3");
            payload.put("speed", 1.0);
            payload.put("instructions", "Speak calmly.");
            payload.put("lang", "cs"); // extra_payload {"lang": "cs"}: a Hlas extension, merged by the integration
            var response = post(open, "/v1/audio/speech", payload, headers(null));
            response.raiseForStatus();
            assertThat(isMp3(response.body())).isTrue();
            assertThat(response.header("X-Language")).isEqualTo("cs");
        }

        /** async_get_tts_stream: response_format "opus", read chunk by chunk as it arrives. */
        @Test
        @Proves(client = Client.HA_OPENAI_TTS, feature = Feature.STREAMING)
        void opus_stream_is_ogg_read_in_chunks() throws Exception {
            HttpRequest request = request(open, "/v1/audio/speech", Map.of("model", "tts-1", "input",
                    "The front door is open. Close it, please.", "voice", "nova", "response_format", "opus",
                    "speed", 1.0), headers(null));
            var response = HTTP.send(request, BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/ogg");
            byte[] chunk = new byte[1024];
            int chunks = 0;
            long total = 0;
            byte[] head = null;
            try (InputStream in = response.body()) {
                for (int n; (n = in.read(chunk)) > 0; chunks++) {
                    if (head == null) head = Arrays.copyOf(chunk, 4);
                    total += n;
                }
            }
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("OggS");
            assertThat(total).isGreaterThan(1000);
            assertThat(chunks).isGreaterThan(1);
        }

        /** The header is sent only when a key is configured; an HTTP error becomes HomeAssistantError. */
        @Test
        @Proves(client = Client.HA_OPENAI_TTS, feature = Feature.AUTH)
        void key_is_a_bearer_header() throws Exception {
            Map<String, Object> payload = Map.of("model", "tts-1", "input", "Hi.", "voice", "alloy",
                    "response_format", "mp3", "speed", 1.0);
            assertThat(post(keyed, "/v1/audio/speech", payload, headers(KEY)).status()).isEqualTo(200);
            assertThat(post(keyed, "/v1/audio/speech", payload, headers(null)).status()).isEqualTo(401);
        }
    }

    /** A Home Assistant Kokoro-style integration's config flow: lists from {base}/v1/models and {base}/v1/audio/voices. */
    @Nested
    class HomeAssistantStringVoices {
        /** [str(item.get("id")) for item in data["data"] if isinstance(item, dict) and item.get("id")]. */
        @Test
        @Proves(client = Client.HA_STRING_VOICES, feature = Feature.MODELS)
        void models_are_the_ids_of_data() throws Exception {
            var response = get(keyed, "/v1/models", Map.of("Authorization", "Bearer " + KEY));
            response.raiseForStatus();
            List<String> ids = new ArrayList<>();
            for (JsonNode item : response.json().path("data")) if (item.isObject() && item.hasNonNull("id")) ids.add(item.get("id").asText());
            assertThat(ids).contains("tts-1");
        }

        /** [str(v) for v in data["voices"] if isinstance(v, str)]: the default objects give nothing, legacy gives all. */
        @Test
        void string_parsers_need_legacy_true() throws Exception {
            assertThat(strings(get(open, "/v1/audio/voices", Map.of()).json().path("voices"))).isEmpty();
            assertThat(strings(get(open, "/v1/audio/voices?legacy=true", Map.of()).json().path("voices")))
                    .contains("alloy", "espeak:cs");
        }
    }

    /** livekit/agents livekit-plugins-openai/livekit/plugins/openai/tts.py @ da6af86a (through the Python SDK). */
    @Nested
    class LiveKit {
        static final Set<String> DECODABLE = Set.of("audio/mpeg", "audio/mp3", "audio/x-mpeg", "audio/aac",
                "audio/x-aac", "audio/flac", "audio/x-flac", "audio/wav", "audio/wave", "audio/x-wav", "audio/opus",
                "audio/ogg", "audio/webm", "audio/mp4", "audio/pcm");

        private static Map<String, Object> body(String model, String format) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("input", "Hello from a LiveKit agent. How can I help?");
            b.put("model", model);
            b.put("voice", "ash");
            b.put("response_format", format);
            b.put("speed", 1.0);
            b.put("stream_format", model.startsWith("tts-1") ? "audio" : "sse");
            return b;
        }

        /** Default model gpt-4o-mini-tts → stream_format sse; "data: " lines, delta or audio in base64, done with usage. */
        @Test
        @Proves(client = Client.LIVEKIT, feature = Feature.SSE)
        @Proves(client = Client.LIVEKIT, feature = Feature.STREAMING)
        void sse_deltas_concatenate_to_mp3_and_done_has_token_usage() throws Exception {
            var response = post(open, "/v1/audio/speech", body("gpt-4o-mini-tts", "mp3"), PythonSdk.headers(null));
            response.raiseForStatus();
            String mediaType = response.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
            assertThat(mediaType).isEqualTo("text/event-stream");
            var audio = new ByteArrayOutputStream();
            JsonNode done = null;
            for (String line : new String(response.body(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || !line.startsWith("data: ")) continue;
                String data = line.substring(6);
                if (data.equals("[DONE]")) break;
                JsonNode event = JSON.readTree(data);
                String type = event.path("type").asText("");
                if (type.equals("speech.audio.delta")) {
                    String b64 = event.path("delta").asText("");
                    if (b64.isEmpty()) b64 = event.path("audio").asText("");
                    audio.write(Base64.getDecoder().decode(b64));
                } else if (type.equals("speech.audio.done")) {
                    done = event;
                }
            }
            assertThat(isMp3(audio.toByteArray())).isTrue();
            assertThat(done).isNotNull();
            assertThat(done.path("usage").path("input_tokens").asInt(0) + done.path("usage").path("output_tokens")
                    .asInt(0)).isPositive();
        }

        /** tts-1 → stream_format audio; the Content-Type must be one it can decode. */
        @Test
        @Proves(client = Client.LIVEKIT, feature = Feature.SPEECH)
        @Proves(client = Client.LIVEKIT, feature = Feature.FORMATS)
        void tts1_answers_decodable_audio() throws Exception {
            for (String format : List.of("mp3", "opus", "wav", "pcm")) {
                var response = post(open, "/v1/audio/speech", body("tts-1", format), PythonSdk.headers(null));
                response.raiseForStatus();
                assertThat(DECODABLE).as(format).contains(response.contentType());
            }
        }

        /** openai.APIStatusError → APIStatusError(e.message, status_code=…): the message comes from error.message. */
        @Test
        @Proves(client = Client.LIVEKIT, feature = Feature.ERRORS)
        void errors_are_api_status_errors_with_a_message() throws Exception {
            Map<String, Object> b = body("gpt-4o-mini-tts", "mp3");
            b.put("speed", 9.0);
            var response = post(open, "/v1/audio/speech", b, PythonSdk.headers(null));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").path("message").asText()).contains("speed");
        }
    }

    /** pipecat-ai/pipecat src/pipecat/services/openai/tts.py @ acead050 (through the Python SDK). */
    @Nested
    class Pipecat {
        /** response_format pcm, played as 24 kHz 16-bit mono frames straight from iter_bytes. */
        @Test
        @Proves(client = Client.PIPECAT, feature = Feature.SPEECH)
        @Proves(client = Client.PIPECAT, feature = Feature.FORMATS)
        @Proves(client = Client.PIPECAT, feature = Feature.STREAMING)
        void pcm_is_24khz_mono_16_bit() throws Exception {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("input", "The weather today is sunny with a light breeze.");
            b.put("model", "gpt-4o-mini-tts");
            b.put("voice", "coral");
            b.put("response_format", "pcm");
            b.put("instructions", "Cheerful.");
            b.put("speed", 1.0);
            var response = post(open, "/v1/audio/speech", b, PythonSdk.headers(null));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Sample-Rate")).isEqualTo("24000");
            byte[] pcm = response.body();
            assertThat(pcm.length % 2).isZero();
            double seconds = pcm.length / 2.0 / 24_000;
            assertThat(seconds).isBetween(1.0, 10.0); // at 22.05 kHz mislabelled it would still pass; the header says 24 kHz
            long energy = 0;
            for (int i = 0; i + 1 < pcm.length; i += 2) energy += Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)));
            assertThat(energy / (pcm.length / 2)).isGreaterThan(100);
        }

        /** r.status_code != 200 → ErrorFrame with await r.text(). */
        @Test
        @Proves(client = Client.PIPECAT, feature = Feature.ERRORS)
        void an_error_body_is_readable_text() throws Exception {
            var response = post(open, "/v1/audio/speech", Map.of("input", "Hi.", "model", "gpt-4o-mini-tts",
                    "voice", "alloy", "response_format", "pcm", "speed", 0.1), PythonSdk.headers(null));
            assertThat(response.status()).isEqualTo(400);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"param\":\"speed\"");
        }
    }

    /** SillyTavern 1.12.6 src/endpoints/openai.js custom /generate-voice @ ba6f7b7a (server side of its TTS source). */
    @Nested
    class SillyTavern {
        static Map<String, Object> body(String voice) {
            return Map.of("input", "*waves* Hello there, traveller!", "response_format", "mp3", "voice", voice,
                    "speed", 1, "model", "tts-1");
        }

        /** Authorization is `Bearer ${key ?? ''}`: "Bearer " with nothing after it when no key is saved. */
        @Test
        @Proves(client = Client.SILLYTAVERN, feature = Feature.SPEECH)
        @Proves(client = Client.SILLYTAVERN, feature = Feature.FORMATS)
        @Proves(client = Client.SILLYTAVERN, feature = Feature.AUTH)
        void empty_bearer_on_an_open_server_and_a_typed_voice_id() throws Exception {
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer ");
            for (String voice : List.of("nova", "espeak:cs")) { // the voices are a comma-separated free-text list
                var response = post(open, "/v1/audio/speech", body(voice), headers);
                assertThat(response.status()).as(voice).isEqualTo(200);
                assertThat(isMp3(response.body())).isTrue();
            }
            var keyedResponse = post(keyed, "/v1/audio/speech", body("nova"),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + KEY));
            assertThat(keyedResponse.status()).isEqualTo(200);
        }

        /** !result.ok → the text is passed on to the browser. */
        @Test
        @Proves(client = Client.SILLYTAVERN, feature = Feature.ERRORS)
        void failure_text_names_the_problem() throws Exception {
            Map<String, Object> b = new LinkedHashMap<>(body("nova"));
            b.put("input", "");
            var response = post(open, "/v1/audio/speech", b, Map.of("Authorization", "Bearer "));
            assertThat(response.status()).isEqualTo(400);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("input");
        }
    }

    /** A plain HTTP POST (n8n HTTP Request node, curl): JSON body, Accept any, the file type from Content-Type. */
    @Nested
    class GenericHttp {
        @Test
        @Proves(client = Client.GENERIC_HTTP, feature = Feature.SPEECH)
        @Proves(client = Client.GENERIC_HTTP, feature = Feature.FORMATS)
        void every_format_has_its_content_type_and_magic() throws Exception {
            Map<String, String> types = Map.of("mp3", "audio/mpeg", "opus", "audio/ogg", "aac", "audio/aac",
                    "flac", "audio/flac", "wav", "audio/wav", "pcm", "audio/pcm");
            for (var e : types.entrySet()) {
                var response = post(open, "/v1/audio/speech", Map.of("model", "tts-1", "input", "Workflow finished.",
                        "voice", "echo", "response_format", e.getKey()), Map.of("Content-Type",
                        "application/json; charset=utf-8", "Accept", "*/*"));
                assertThat(response.status()).as(e.getKey()).isEqualTo(200);
                assertThat(response.contentType()).as(e.getKey()).isEqualTo(e.getValue());
                byte[] b = response.body();
                switch (e.getKey()) {
                    case "mp3" -> assertThat(isMp3(b)).isTrue();
                    case "opus" -> assertThat(ascii(b, 4)).isEqualTo("OggS");
                    case "aac" -> assertThat((b[0] & 0xff) == 0xff && (b[1] & 0xf0) == 0xf0).isTrue();
                    case "flac" -> assertThat(ascii(b, 4)).isEqualTo("fLaC");
                    case "wav" -> assertThat(Wav.parse(b).sampleRate()).isPositive();
                    default -> assertThat(b.length % 2).isZero();
                }
            }
        }

        @Test
        @Proves(client = Client.GENERIC_HTTP, feature = Feature.ERRORS)
        void a_broken_body_is_a_json_400() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(open.uri("/v1/audio/speech"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{input:"))
                    .build();
            var response = HTTP.send(request, BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(JSON.readTree(response.body()).path("error").path("type").asText())
                    .isEqualTo("invalid_request_error");
        }

        @Test
        @Proves(client = Client.GENERIC_HTTP, feature = Feature.AUTH)
        void header_auth_with_a_bearer_key() throws Exception {
            Map<String, Object> b = Map.of("model", "tts-1", "input", "Hi.", "voice", "echo");
            assertThat(post(keyed, "/v1/audio/speech", b, Map.of("Authorization", "Bearer " + KEY)).status())
                    .isEqualTo(200);
            assertThat(post(keyed, "/v1/audio/speech", b, Map.of("Authorization", "Bearer wrong")).status())
                    .isEqualTo(401);
        }
    }

    /** openai/openai-python src/openai/resources/audio/speech.py: the headers and bodies the SDK sends, replayed. */
    @Nested
    class PythonSdk {
        static Map<String, String> headers(String key) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Accept", "application/octet-stream"); // speech.create sets it
            h.put("Content-Type", "application/json");
            h.put("User-Agent", "OpenAI/Python 1.99.9");
            h.put("X-Stainless-Lang", "python");
            h.put("X-Stainless-Package-Version", "1.99.9");
            h.put("X-Stainless-Retry-Count", "0");
            h.put("X-Stainless-Read-Timeout", "600");
            h.put("Authorization", "Bearer " + (key == null ? "unused" : key));
            return h;
        }

        /** Only the given fields are sent; with_streaming_response reads the body as it comes. */
        @Test
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.SPEECH)
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.FORMATS)
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.STREAMING)
        void speech_to_a_wav_file_with_a_request_id() throws Exception {
            var response = post(open, "/v1/audio/speech", Map.of("input", "Dobrý den!", "model", "tts-1",
                    "voice", "alloy", "response_format", "wav"), headers(null));
            response.raiseForStatus();
            assertThat(Wav.parse(response.body()).seconds()).isPositive();
            assertThat(response.header("x-request-id")).isNotBlank(); // the SDK's response.request_id
        }

        @Test
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.SSE)
        void sse_events_are_delta_then_done() throws Exception {
            var response = post(open, "/v1/audio/speech", Map.of("input", "Hello.", "model", "gpt-4o-mini-tts",
                    "voice", "alloy", "stream_format", "sse"), headers(null));
            response.raiseForStatus();
            List<String> types = new ArrayList<>();
            for (String line : new String(response.body(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("data: ")) types.add(JSON.readTree(line.substring(6)).path("type").asText());
            }
            assertThat(types).contains("speech.audio.delta").last().isEqualTo("speech.audio.done");
        }

        /** APIStatusError reads body["error"]: message, type, param, code. */
        @Test
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.ERRORS)
        void errors_have_the_four_envelope_fields() throws Exception {
            var voice = post(open, "/v1/audio/speech", Map.of("input", "Hi.", "model", "tts-1", "voice", "nope"),
                    headers(null));
            assertThat(voice.status()).isEqualTo(400);
            JsonNode error = voice.json().path("error");
            assertThat(error.path("param").asText()).isEqualTo("voice");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.has("code")).isTrue();
            var format = post(open, "/v1/audio/speech", Map.of("input", "Hi.", "model", "tts-1", "voice", "alloy",
                    "response_format", "ogg"), headers(null));
            assertThat(format.json().path("error").path("param").asText()).isEqualTo("response_format");
        }

        @Test
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.AUTH)
        void a_wrong_key_is_authentication_error_invalid_api_key() throws Exception {
            var response = get(keyed, "/v1/models", headers("sk-wrong"));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(response.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        }

        /** models.list(): SyncPage of Model {id, object, created, owned_by}. */
        @Test
        @Proves(client = Client.OPENAI_PYTHON, feature = Feature.MODELS)
        void models_are_a_page_of_model_objects() throws Exception {
            JsonNode page = get(open, "/v1/models", headers(null)).json();
            assertThat(page.path("object").asText()).isEqualTo("list");
            for (JsonNode m : page.path("data")) {
                assertThat(m.path("object").asText()).isEqualTo("model");
                assertThat(m.path("created").isIntegralNumber()).isTrue();
                assertThat(m.path("owned_by").asText()).isNotBlank();
            }
        }
    }

    /** The official OpenAI Node SDK, run for real (src/test/node-sdk/replay.mjs, version pinned by its lock file). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NodeSdkRun {
        JsonNode result;

        @BeforeAll
        void run() throws Exception {
            result = NodeSdk.replay("http://127.0.0.1:" + keyed.port() + "/v1", KEY);
        }

        @Test
        @Proves(client = Client.OPENAI_NODE, feature = Feature.MODELS)
        void models_list_and_retrieve() {
            assertThat(result.path("sdkVersion").asText()).isEqualTo("6.49.0");
            assertThat(NodeSdk.texts(result.path("models").path("ids"))).contains("tts-1", "gpt-4o-mini-tts");
            assertThat(result.path("model").asText()).isEqualTo("tts-1");
        }

        @Test
        @Proves(client = Client.OPENAI_NODE, feature = Feature.SPEECH)
        @Proves(client = Client.OPENAI_NODE, feature = Feature.FORMATS)
        void speech_in_mp3_wav_and_pcm() {
            assertThat(result.path("speech_mp3").path("contentType").asText()).isEqualTo("audio/mpeg");
            assertThat(result.path("speech_wav").path("head").asText()).isEqualTo("RIFF");
            assertThat(result.path("speech_pcm").path("contentType").asText()).isEqualTo("audio/pcm");
            for (String f : List.of("mp3", "wav", "pcm")) {
                assertThat(result.path("speech_" + f).path("length").asInt()).as(f).isGreaterThan(1000);
            }
        }

        @Test
        @Proves(client = Client.OPENAI_NODE, feature = Feature.SSE)
        void sse_stream_format() {
            JsonNode sse = result.path("sse");
            assertThat(sse.path("contentType").asText()).startsWith("text/event-stream");
            assertThat(NodeSdk.texts(sse.path("types"))).containsExactly("speech.audio.delta", "speech.audio.done");
            assertThat(sse.path("audioBytes").asInt()).isGreaterThan(1000);
            assertThat(sse.path("usage").path("total_tokens").asInt()).isPositive();
        }

        @Test
        @Proves(client = Client.OPENAI_NODE, feature = Feature.ERRORS)
        void bad_request_error_with_param() {
            JsonNode e = result.path("bad_speed");
            assertThat(e.path("error").asText()).isEqualTo("BadRequestError");
            assertThat(e.path("status").asInt()).isEqualTo(400);
            assertThat(e.path("param").asText()).isEqualTo("speed");
        }

        @Test
        @Proves(client = Client.OPENAI_NODE, feature = Feature.AUTH)
        void authentication_error_for_a_wrong_key() {
            JsonNode e = result.path("wrong_key");
            assertThat(e.path("error").asText()).isEqualTo("AuthenticationError");
            assertThat(e.path("status").asInt()).isEqualTo(401);
            assertThat(e.path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    /** The official OpenAI Java SDK (openai-java, the version in pom.xml), run for real. */
    @Nested
    class JavaSdk {
        @Test
        @Proves(client = Client.OPENAI_JAVA, feature = Feature.SPEECH)
        @Proves(client = Client.OPENAI_JAVA, feature = Feature.FORMATS)
        @Proves(client = Client.OPENAI_JAVA, feature = Feature.AUTH)
        void speech_with_a_key() throws Exception {
            OpenAIClient client = keyed.openAi(KEY);
            try (HttpResponse response = client.audio().speech().create(SpeechCreateParams.builder()
                    .model("tts-1").voice("alloy").input("Hello from Java.")
                    .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build())) {
                assertThat(Wav.parse(response.body().readAllBytes()).seconds()).isPositive();
            }
            assertThatThrownBy(() -> keyed.openAi("sk-nope").audio().speech().create(SpeechCreateParams.builder()
                    .model("tts-1").voice("alloy").input("x").build()).close())
                    .isInstanceOf(UnauthorizedException.class);
        }

        @Test
        @Proves(client = Client.OPENAI_JAVA, feature = Feature.MODELS)
        void models_list_and_retrieve() {
            OpenAIClient client = keyed.openAi(KEY);
            List<String> ids = client.models().list().autoPager().stream().map(Model::id).toList();
            assertThat(ids).contains("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
            assertThat(client.models().retrieve("tts-1-hd").id()).isEqualTo("tts-1-hd");
        }

        @Test
        @Proves(client = Client.OPENAI_JAVA, feature = Feature.ERRORS)
        void bad_request_exception_names_the_param() {
            assertThatThrownBy(() -> keyed.openAi(KEY).audio().speech().create(SpeechCreateParams.builder()
                    .model("tts-1").voice("alloy").input("x").speed(7.0).build()).close())
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.body().toString())
                            .contains("speed"));
        }
    }

    /** remsky/Kokoro-FastAPI api/src/routers/openai_compatible.py @ 26eec068: the routes its clients call. */
    @Nested
    class KokoroFastApi {
        /** list_voices: {"voices": [{"id", "name"}]}; ?legacy=true → {"voices": ["af_heart", …]}. */
        @Test
        @Proves(client = Client.KOKORO_FASTAPI, feature = Feature.VOICES)
        void voices_as_objects_and_with_legacy_as_strings() throws Exception {
            JsonNode objects = get(open, "/v1/audio/voices", Map.of()).json().path("voices");
            assertThat(objects.size()).isPositive();
            for (JsonNode v : objects) assertThat(v.path("id").isTextual() && v.path("name").isTextual()).isTrue();
            JsonNode legacy = get(open, "/v1/audio/voices?legacy=true", Map.of()).json().path("voices");
            assertThat(legacy.size()).isEqualTo(objects.size());
            for (int i = 0; i < legacy.size(); i++) {
                assertThat(legacy.get(i).textValue()).isEqualTo(objects.get(i).path("id").textValue());
            }
            var bad = get(open, "/v1/audio/voices?legacy=maybe", Map.of());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").path("param").asText()).isEqualTo("legacy");
        }

        @Test
        @Proves(client = Client.KOKORO_FASTAPI, feature = Feature.MODELS)
        void models_list() throws Exception {
            JsonNode data = get(open, "/v1/models", Map.of()).json().path("data");
            assertThat(data.findValuesAsText("id")).contains("tts-1", "tts-1-hd");
        }

        /** OpenAISpeechRequest's own fields (stream, lang_code, volume_multiplier, …) are accepted and ignored. */
        @Test
        @Proves(client = Client.KOKORO_FASTAPI, feature = Feature.SPEECH)
        @Proves(client = Client.KOKORO_FASTAPI, feature = Feature.STREAMING)
        void speech_with_kokoro_fastapi_fields() throws Exception {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("model", "kokoro");
            b.put("input", "Hello world.");
            b.put("voice", "alloy");
            b.put("response_format", "mp3");
            b.put("download_format", "mp3");
            b.put("speed", 1.0);
            b.put("stream", true);
            b.put("return_download_link", false);
            b.put("lang_code", "a");
            b.put("volume_multiplier", 1.0);
            b.put("normalization_options", Map.of("normalize", true));
            var response = post(open, "/v1/audio/speech", b, Map.of());
            response.raiseForStatus();
            assertThat(isMp3(response.body())).isTrue();
        }
    }

    /** A supertonic-server OpenAI-compatible router: speech with stream, lang_code, total_steps; voices by name. */
    @Nested
    class SupertonicServer {
        @Test
        @Proves(client = Client.SUPERTONIC_SERVER, feature = Feature.SPEECH)
        @Proves(client = Client.SUPERTONIC_SERVER, feature = Feature.FORMATS)
        @Proves(client = Client.SUPERTONIC_SERVER, feature = Feature.STREAMING)
        void speech_with_supertonic_fields() throws Exception {
            var response = post(open, "/v1/audio/speech", Map.of("model", "supertonic", "input", "Good morning.",
                    "voice", "alloy", "response_format", "wav", "speed", 1.05, "stream", true, "lang_code", "en",
                    "total_steps", 5), Map.of());
            response.raiseForStatus();
            assertThat(Wav.parse(response.body()).seconds()).isPositive();
        }

        /** VoicesResponse(voices=[VoiceInfo(name, language, description)]): clients read name. */
        @Test
        @Proves(client = Client.SUPERTONIC_SERVER, feature = Feature.VOICES)
        void every_voice_has_a_name_and_language() throws Exception {
            for (JsonNode v : get(open, "/v1/audio/voices", Map.of()).json().path("voices")) {
                assertThat(v.path("name").isTextual()).isTrue();
                assertThat(v.path("languages").size()).isPositive();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A response as the replays read it. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** requests' / aiohttp's raise_for_status(). */
        void raiseForStatus() {
            assertThat(status).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(200);
        }
    }

    static HttpRequest request(TestServer server, String path, Object body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("User-Agent")) b.header(k, v);
        });
        if (headers.containsKey("User-Agent")) b.setHeader("User-Agent", headers.get("User-Agent"));
        return b.build();
    }

    static Reply post(TestServer server, String path, Object body, Map<String, String> headers) throws Exception {
        var r = HTTP.send(request(server, path, body, headers), BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    static Reply get(TestServer server, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri("/").toString() + path.substring(1)));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("User-Agent") && !k.equalsIgnoreCase("Content-Type")) b.header(k, v);
        });
        var r = HTTP.send(b.GET().build(), BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    static boolean isMp3(byte[] b) {
        if (b.length < 4) return false;
        return ascii(b, 3).equals("ID3") || ((b[0] & 0xff) == 0xff && (b[1] & 0xe0) == 0xe0);
    }

    static String ascii(byte[] b, int n) {
        return new String(b, 0, Math.min(n, b.length), StandardCharsets.US_ASCII);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) if (v.isTextual()) out.add(v.textValue());
        return out;
    }
}
