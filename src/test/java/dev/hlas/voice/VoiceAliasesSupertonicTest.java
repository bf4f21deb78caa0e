package dev.hlas.voice;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.supertonic.SupertonicText;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

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
        }
        assertThat(aliases.find("shimmer").orElseThrow().candidatesFor("fr")).containsExactly("supertonic-3:F5");
        assertThat(aliases.find("ash").orElseThrow().candidatesFor("fr")).containsExactly("supertonic-3:M1");
    }

    @Test
    void an_any_language_candidate_speaks_only_the_languages_its_voice_has_else_the_fallback_does() {
        VoiceRegistry registry = new VoiceRegistry(List.of(new Fixed("supertonic", "supertonic-3:F5", "fr"),
                new Fixed("espeak", "espeak:zh+f5", "zh")), aliases);
        assertThat(registry.resolve("shimmer", "fr").id()).isEqualTo("supertonic-3:F5");
        assertThat(registry.resolve("shimmer", "zh").id()).isEqualTo("espeak:zh+f5");
    }

    /** An engine with one voice speaking one language. */
    private record Fixed(String id, String voiceId, String language) implements SpeechEngine {
        @Override
        public List<VoiceInfo> voices() {
            return List.of(info());
        }

        private VoiceInfo info() {
            return new VoiceInfo(voiceId, voiceId, id, List.of(language), 22050, Gender.FEMALE, "test");
        }

        @Override
        public Optional<EngineVoice> voice(String requested) {
            if (!requested.equals(voiceId)) return Optional.empty();
            return Optional.of(new EngineVoice() {
                @Override
                public VoiceInfo info() {
                    return Fixed.this.info();
                }

                @Override
                public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
                }
            });
        }
    }
}
