package dev.hlas.api;

import com.openai.client.OpenAIClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.ServingConfig;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    @TempDir
    Path home;

    @Test
    void without_keys_the_api_is_open() throws Exception {
        try (TestServer server = TestServer.start(home, s -> s)) {
            assertThat(server.get("/v1/models").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void with_keys_v1_needs_a_bearer_key_and_health_stays_public() throws Exception {
        TestEngine engine = new TestEngine("k", 1);
        try (TestServer server = TestServer.start(home, s -> s.withApiKeys(List.of("sk-first-key", "sk-second")),
                engine)) {
            HttpResponse<String> none = server.get("/v1/models");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("\"type\":\"authentication_error\"", "\"code\":\"invalid_api_key\"");
            assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("application/json"));
            assertThat(get(server, "/v1/models", "Bearer sk-wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/v1/models", "sk-first-key").statusCode()).isEqualTo(401); // no scheme
            assertThat(get(server, "/v1/models", "Bearer sk-first-key-and-more").statusCode()).isEqualTo(401);
            assertThat(get(server, "/v1/models", "Bearer sk-first-key").statusCode()).isEqualTo(200);
            assertThat(get(server, "/v1/audio/voices", "bearer sk-second").statusCode()).isEqualTo(200);
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            assertThat(server.get("/ready").statusCode()).isEqualTo(200);

            HttpResponse<byte[]> unauth = server.post(TestServer.speechJson(engine.voiceId(), "No key.", "wav"));
            assertThat(unauth.statusCode()).isEqualTo(401);
            assertThat(engine.calls()).isZero();

            OpenAIClient client = server.openAi("sk-second");
            try (var speech = client.audio().speech().create(SpeechCreateParams.builder().model("tts-1")
                    .voice(engine.voiceId()).input("With a key.")
                    .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build())) {
                assertThat(speech.statusCode()).isEqualTo(200);
                assertThat(speech.body().readAllBytes()).isNotEmpty();
            }
            OpenAIClient wrong = server.openAi("sk-nope");
            assertThatThrownBy(() -> wrong.models().list()).isInstanceOf(UnauthorizedException.class);

            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("hlas_usage_characters_total{key=\"" + ApiKeys.labelOf("sk-second") + "\"} 11.0");
            assertThat(metrics).doesNotContain("sk-second", "sk-first-key");
        }
    }

    @Test
    void keys_are_read_from_a_file_ignoring_comments() throws Exception {
        Path file = home.resolve("keys.txt");
        Files.writeString(file, "# admins\nsk-a\n\n  sk-b  \n");
        assertThat(ServingConfig.readApiKeys(file)).containsExactly("sk-a", "sk-b");
        assertThat(ServingConfig.parseApiKeys("sk-a, sk-b sk-c")).containsExactly("sk-a", "sk-b", "sk-c");
        ApiKeys keys = ApiKeys.of(ServingConfig.readApiKeys(file));
        assertThat(keys.authenticate("Bearer sk-b")).isEqualTo(ApiKeys.labelOf("sk-b"));
        assertThat(ApiKeys.labelOf("sk-b")).matches("key-[0-9a-f]{8}");
    }

    private static HttpResponse<String> get(TestServer server, String path, String authorization) throws Exception {
        return server.http().send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", authorization)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
