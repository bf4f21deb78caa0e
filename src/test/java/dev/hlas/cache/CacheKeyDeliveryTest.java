package dev.hlas.cache;

import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.EngineVoice;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.testing.TestEngine;
import dev.hlas.text.Delivery;
import dev.hlas.text.GivenPhonemes;
import dev.hlas.text.Mark;
import dev.hlas.text.PronunciationMatch;
import dev.hlas.text.Sentence;
import dev.hlas.voice.ResolvedVoice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Besides the request ({@link CacheKeyCoverageTest}), what lexicons and SSML did to the plan keys the audio: the
 * versions of the lexicons applied, and each sentence's given phonemes, break, rate and marks. What only reports
 * (which entry matched where, warnings) does not.
 */
class CacheKeyDeliveryTest {
    private static final TestEngine ENGINE = new TestEngine("delivery", 1);
    private static final SpeechRequest REQUEST = SpeechRequest.of("Same text.", ENGINE.voiceId(), AudioFormat.WAV);

    private static CacheKey key(List<String> lexicons, Delivery delivery) {
        EngineVoice voice = ENGINE.voice(ENGINE.voiceId()).orElseThrow();
        Sentence sentence = new Sentence("Same text.", "en", 0, 10, null, null, delivery);
        return CacheKey.of(new SpeechPlan(REQUEST, List.of(new PlannedSentence(sentence,
                new ResolvedVoice(ENGINE, voice))), lexicons), TestEngine.SAMPLE_RATE);
    }

    @Test
    void lexicon_versions_and_every_audible_delivery_change_the_key() {
        List<String> lexicons = List.of("brands@1a2b");
        CacheKey base = key(lexicons, Delivery.NONE);
        assertThat(key(List.of("brands@1a2b"), Delivery.NONE)).isEqualTo(base);
        GivenPhonemes given = new GivenPhonemes(5, 9, "tˈɛkst", null, "lexicon:brands");
        Map<String, Delivery> changed = Map.of(
                "phonemes", new Delivery(List.of(given), List.of(), 0, 1.0, List.of(), List.of()),
                "other phonemes", new Delivery(List.of(new GivenPhonemes(5, 9, "tˈɛkstə", null, "lexicon:brands")),
                        List.of(), 0, 1.0, List.of(), List.of()),
                "break", Delivery.NONE.withBreakAfter(500),
                "rate", new Delivery(List.of(), List.of(), 0, 0.75, List.of(), List.of()),
                "mark", new Delivery(List.of(), List.of(), 0, 1.0, List.of(new Mark("m", 5, 5)), List.of()));
        changed.forEach((what, delivery) -> assertThat(key(lexicons, delivery)).as(what).isNotEqualTo(base));
        assertThat(key(List.of("brands@9f8e"), Delivery.NONE)).as("an edited lexicon").isNotEqualTo(base);
        assertThat(key(List.of("brands@1a2b", "names@77aa"), Delivery.NONE)).as("another lexicon")
                .isNotEqualTo(base);
        // what only reports does not split the cache
        Delivery reported = new Delivery(List.of(), List.of(new PronunciationMatch("lexicon:brands", "Same", "same",
                null, 0, 4)), 0, 1.0, List.of(), List.of("a warning"));
        assertThat(key(lexicons, reported)).isEqualTo(base);
    }
}
