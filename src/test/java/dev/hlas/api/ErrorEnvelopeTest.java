package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets the right status and an OpenAI error envelope naming the offending parameter; never a 500. */
class ErrorEnvelopeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(home, c -> c.withMaxInputChars(100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            empty input        | {"model":"tts-1","input":"","voice":"alloy"}                               | 400 | input
            blank input        | {"model":"tts-1","input":"   ","voice":"alloy"}                            | 400 | input
            missing input      | {"model":"tts-1","voice":"alloy"}                                          | 400 | input
            input not a string | {"model":"tts-1","input":42,"voice":"alloy"}                               | 400 | input
            input over limit   | {"model":"tts-1","input":"%s","voice":"alloy"}                             | 400 | input
            nothing to speak   | {"model":"tts-1","input":"... !!! ???","voice":"alloy"}                    | 400 | input
            missing voice      | {"model":"tts-1","input":"Hi"}                                             | 400 | voice
            unknown voice      | {"model":"tts-1","input":"Hi","voice":"nobody"}                            | 400 | voice
            voice wrong type   | {"model":"tts-1","input":"Hi","voice":7}                                   | 400 | voice
            voice object no id | {"model":"tts-1","input":"Hi","voice":{"name":"x"}}                        | 400 | voice
            missing model      | {"input":"Hi","voice":"alloy"}                                             | 400 | model
            model wrong type   | {"model":1,"input":"Hi","voice":"alloy"}                                   | 400 | model
            speed zero         | {"model":"tts-1","input":"Hi","voice":"alloy","speed":0}                   | 400 | speed
            speed five         | {"model":"tts-1","input":"Hi","voice":"alloy","speed":5}                   | 400 | speed
            speed too low      | {"model":"tts-1","input":"Hi","voice":"alloy","speed":0.2}                 | 400 | speed
            speed a string     | {"model":"tts-1","input":"Hi","voice":"alloy","speed":"fast"}              | 400 | speed
            unknown format     | {"model":"tts-1","input":"Hi","voice":"alloy","response_format":"ogg"}     | 400 | response_format
            format wrong type  | {"model":"tts-1","input":"Hi","voice":"alloy","response_format":true}      | 400 | response_format
            bad stream format  | {"model":"tts-1","input":"Hi","voice":"alloy","stream_format":"chunks"}    | 400 | stream_format
            bad lang           | {"model":"tts-1","input":"Hi","voice":"alloy","lang":"czech language!"}    | 400 | lang
            invalid json       | {"model":"tts-1","input":                                                  | 400 | NULL
            json array         | ["tts-1"]                                                                  | 400 | NULL
            """)
    void bad_speech_requests_get_a_400_envelope(String name, String body, int status, String param)
            throws Exception {
        var response = server.post("/v1/audio/speech", body.replace("%s", "a".repeat(101)));
        assertEnvelope(response.statusCode(), new String(response.body()), status, param);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void input_at_the_limit_is_accepted() throws Exception {
        var response = server.post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"" + "ahoj ".repeat(20) + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} → hlas voices pull {1}")
    @CsvSource({"cs_CZ-jirka-medium, cs_CZ-jirka-medium", "supertonic-3:F1, supertonic-3", "af_heart, kokoro",
            "af_bella(2)+af_sky(1), kokoro"})
    void a_downloadable_voice_that_is_not_installed_names_the_install_command(String voice, String catalogId)
            throws Exception {
        var response = server.post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"" + voice + "\"}");
        assertEnvelope(response.statusCode(), new String(response.body()), 400, "voice");
        assertThat(new String(response.body())).contains("hlas voices pull " + catalogId + ",");
    }

    @Test
    void unknown_model_id_is_a_404() throws Exception {
        var response = server.get("/v1/models/no-such-model");
        assertEnvelope(response.statusCode(), response.body(), 404, "model");
    }

    @Test
    void unknown_route_is_a_404_envelope() throws Exception {
        var response = server.get("/v1/nothing-here");
        assertEnvelope(response.statusCode(), response.body(), 404, null);
    }

    @Test
    void wrong_method_is_an_envelope_too() throws Exception {
        var response = server.get("/v1/audio/speech");
        assertThat(response.statusCode()).isIn(404, 405);
        assertEnvelope(response.statusCode(), response.body(), response.statusCode(), null);
    }

    static void assertEnvelope(int actualStatus, String body, int status, String param) throws Exception {
        assertThat(actualStatus).as(body).isEqualTo(status);
        JsonNode error = JSON.readTree(body).get("error");
        assertThat(error).as(body).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .as("all four keys present: " + body).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(status >= 500 ? "server_error" : "invalid_request_error");
        if (param == null) assertThat(error.get("param").isNull()).as(body).isTrue();
        else assertThat(error.get("param").asText()).as(body).isEqualTo(param);
    }
}
