package dev.hlas.voice;

import dev.hlas.config.VoiceConfig;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which voice an OpenAI name uses per language is configurable server-wide and per alias. */
class AliasRoutingConfigTest {
    @TempDir
    Path home;

    @Test
    void per_alias_choice_goes_first_for_that_alias_only_and_keeps_the_language_defaults() {
        Map<String, String> defaults = VoiceConfig.parseLanguageDefaults("echo.en=am_echo");
        assertThat(defaults).containsEntry("cs", "cs_CZ-jirka-medium").containsEntry("en", "en_US-lessac-medium")
                .containsEntry("echo.en", "am_echo");
        VoiceAliases aliases = VoiceAliases.openAiDefaults().withLanguageDefaults(defaults);
        assertThat(aliases.find("echo").orElseThrow().candidatesFor("en")).first().isEqualTo("am_echo");
        assertThat(aliases.find("echo").orElseThrow().candidatesFor("en")).contains("en_US-lessac-medium");
        assertThat(aliases.find("alloy").orElseThrow().candidatesFor("en")).first().isEqualTo("en_US-lessac-medium");
        assertThat(aliases.find("echo").orElseThrow().candidatesFor("cs")).first().isEqualTo("cs_CZ-jirka-medium");
    }

    @Test
    void a_malformed_item_is_refused_with_the_syntax() {
        assertThatThrownBy(() -> VoiceConfig.parseLanguageDefaults("echo.en"))
                .hasMessageContaining("alias.language=voice").hasMessageContaining("echo.en");
    }

    @Test
    void configured_alias_routes_that_alias_through_the_server() throws Exception {
        TestEngine engine = new TestEngine("routed", 1);
        String spec = "alloy.en=" + engine.voiceId();
        try (TestServer server = new TestServer(home,
                c -> c.withVoices(c.voices().withLanguageDefaults(VoiceConfig.parseLanguageDefaults(spec))),
                List.of(engine))) {
            String body = "{\"model\":\"tts-1\",\"input\":\"Good morning, how are you?\",\"voice\":\"%s\","
                    + "\"response_format\":\"wav\"}";
            var alloy = server.post("/v1/audio/speech", body.formatted("alloy"));
            var echo = server.post("/v1/audio/speech", body.formatted("echo"));
            assertThat(alloy.statusCode()).isEqualTo(200);
            assertThat(alloy.headers().firstValue("X-Voice")).hasValue(engine.voiceId());
            assertThat(echo.headers().firstValue("X-Voice")).hasValueSatisfying(v -> assertThat(v).startsWith("espeak:"));
        }
    }
}
