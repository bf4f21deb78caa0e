package dev.hlas.voice;

import dev.hlas.engine.supertonic.SupertonicText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI voice names reach Supertonic-3 styles per language, after the Piper voice where there is one. */
class VoiceAliasesSupertonicTest {
    private final VoiceAliases aliases = VoiceAliases.openAiDefaults();

    @Test
    void czech_tries_piper_jirka_first_then_the_alias_style() {
        assertThat(aliases.find("nova").orElseThrow().candidatesFor("cs"))
                .containsExactly("cs_CZ-jirka-medium", "supertonic-3:F3");
        assertThat(aliases.find("onyx").orElseThrow().candidatesFor("cs-CZ"))
                .containsExactly("cs_CZ-jirka-medium", "supertonic-3:M5");
        // English: Piper, then the alias's Kokoro voice (the most natural English), then the Supertonic style
        assertThat(aliases.find("alloy").orElseThrow().candidatesFor("en-us"))
                .containsExactly("en_US-lessac-medium", "af_alloy", "supertonic-3:F1");
    }

    @Test
    void every_alias_covers_every_supertonic_language_with_a_style_of_its_gender() {
        for (String name : VoiceAliases.OPENAI_VOICES) {
            VoiceAliases.Alias alias = aliases.find(name).orElseThrow();
            for (String lang : SupertonicText.LANGUAGES) {
                assertThat(alias.candidatesFor(lang)).as("%s/%s", name, lang).last().asString()
                        .matches("supertonic-3:[FM][1-5]");
            }
            assertThat(alias.candidatesFor("fr")).hasSize(1);
            assertThat(alias.candidatesFor("zh")).isEmpty();
        }
        assertThat(aliases.find("shimmer").orElseThrow().candidatesFor("fr")).containsExactly("supertonic-3:F5");
        assertThat(aliases.find("ash").orElseThrow().candidatesFor("fr")).containsExactly("supertonic-3:M1");
    }
}
