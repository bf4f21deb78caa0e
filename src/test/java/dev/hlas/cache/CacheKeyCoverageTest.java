package dev.hlas.cache;

import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.EngineVoice;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.testing.TestEngine;
import dev.hlas.text.Sentence;
import dev.hlas.voice.ResolvedVoice;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component of {@link SpeechRequest} either changes the {@link CacheKey} or is listed in {@link #EXCLUDED}
 * with the reason it must not. A component added to the request later fails this test until it is put in the key
 * (so a changed request can never be answered with another request's cached audio) or listed here.
 */
class CacheKeyCoverageTest {
    /** Components that deliberately do not enter the key themselves, and why. */
    static final Map<String, String> EXCLUDED = Map.of(
            "input", "the key hashes what the input became — each planned sentence's normalized text and language — "
                    + "so inputs that normalize alike share audio, and a change that matters shows in the plan",
            "voice", "the key hashes the voice each sentence resolved to (engine, voice id, model version), so an "
                    + "alias and the voice it names share audio",
            "streamFormat", "SSE and plain responses carry the same audio bytes, framed by their transport: they share "
                    + "one entry");

    private static final TestEngine ENGINE = new TestEngine("key", 1);
    private static final int OUTPUT_RATE = TestEngine.SAMPLE_RATE;

    /** The key of {@code request} over one fixed planned sentence: only the request varies. */
    private static CacheKey key(SpeechRequest request) {
        EngineVoice voice = ENGINE.voice(ENGINE.voiceId()).orElseThrow();
        Sentence sentence = new Sentence("Same text.", "en", 0, 10);
        SpeechPlan plan = new SpeechPlan(request, List.of(new PlannedSentence(sentence, new ResolvedVoice(ENGINE,
                voice))));
        return CacheKey.of(plan, OUTPUT_RATE);
    }

    @Test
    void every_request_component_is_in_the_key_or_excluded_with_a_reason() throws Exception {
        SpeechRequest base = SpeechRequest.of("Same text.", ENGINE.voiceId(), AudioFormat.WAV);
        CacheKey baseKey = key(base);
        assertThat(key(base)).as("the key is deterministic").isEqualTo(baseKey);

        RecordComponent[] components = SpeechRequest.class.getRecordComponents();
        Constructor<SpeechRequest> canonical = SpeechRequest.class.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        Set<String> unkeyed = new TreeSet<>();
        for (int i = 0; i < components.length; i++) {
            Object[] values = new Object[components.length];
            for (int j = 0; j < components.length; j++) values[j] = components[j].getAccessor().invoke(base);
            values[i] = other(components[i], values[i]);
            if (key(canonical.newInstance(values)).equals(baseKey)) unkeyed.add(components[i].getName());
        }
        // Both directions: a component missing from the key and not listed fails, and so does a listed one that
        // is in the key after all (the list must say what the code does). The excluded ones show the probe does
        // see a component the key ignores.
        assertThat(unkeyed).as("SpeechRequest components that change no cache key; each must be put in "
                + "CacheKey.of, or listed in EXCLUDED with the reason it must not change the cached audio")
                .containsExactlyInAnyOrderElementsOf(EXCLUDED.keySet());
    }

    /** A value of the component's type that differs from {@code value}. */
    private static Object other(RecordComponent component, Object value) {
        Class<?> type = component.getType();
        if (type == String.class) return value == null ? "other" : value + "-other";
        if (type == boolean.class || type == Boolean.class) return value == null || !(Boolean) value;
        if (type == double.class || type == Double.class) return value == null ? 0.5 : (Double) value + 0.25;
        if (type == float.class || type == Float.class) return value == null ? 0.5f : (Float) value + 0.25f;
        if (type == int.class || type == Integer.class) return value == null ? 16_000 : (Integer) value + 1;
        if (type == long.class || type == Long.class) return value == null ? 16_000L : (Long) value + 1;
        if (type == List.class) return value == null ? List.of("other") : List.of();
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (!Objects.equals(constant, value)) return constant;
            }
        }
        throw new AssertionError("cannot vary SpeechRequest." + component.getName() + " of type " + type.getName()
                + ": teach other() about it");
    }
}
