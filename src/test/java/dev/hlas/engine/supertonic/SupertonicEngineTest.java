package dev.hlas.engine.supertonic;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Compute;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Estimator;
import org.assertj.core.data.Offset;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine over a model directory in a temporary HLAS_HOME. */
class SupertonicEngineTest {
    @TempDir
    Path home;

    private SupertonicEngine install(Estimator estimator, SupertonicSettings options, String... styles) throws Exception {
        SyntheticSupertonicModel.write(home.resolve("voices/supertonic-3"), estimator, Compute.NONE, styles);
        return SupertonicEngine.inDirectory("supertonic-3", home.resolve("voices/supertonic-3"),
                options.withOnnx(OnnxSettings.defaults()).withParallelism(1));
    }

    private static List<PcmChunk> speak(EngineVoice voice, String text, String lang, SynthesisParams params) {
        List<PcmChunk> chunks = new ArrayList<>();
        voice.synthesize(new Utterance(text, lang), params, chunks::add);
        return chunks;
    }

    private static float[] joined(List<PcmChunk> chunks) {
        int n = chunks.stream().mapToInt(c -> c.samples().length).sum();
        float[] out = new float[n];
        int at = 0;
        for (PcmChunk c : chunks) {
            System.arraycopy(c.samples(), 0, out, at, c.samples().length);
            at += c.samples().length;
        }
        return out;
    }

    @Test
    void nothing_is_listed_until_the_model_is_installed() {
        SupertonicEngine engine = new SupertonicEngine(new VoiceStore(home), SupertonicSettings.defaults());
        assertThat(engine.voices()).isEmpty();
        assertThat(engine.voice("supertonic-3:F1")).isEmpty();
    }

    @Test
    void each_style_is_a_voice_speaking_31_languages_at_44100_hz_under_openrail() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING, SupertonicSettings.defaults(),
                "F1", "F2", "F3", "F4", "F5", "M1", "M2", "M3", "M4", "M5")) {
            List<VoiceInfo> voices = engine.voices();
            assertThat(voices).extracting(VoiceInfo::id).containsExactly("supertonic-3:F1", "supertonic-3:F2",
                    "supertonic-3:F3", "supertonic-3:F4", "supertonic-3:F5", "supertonic-3:M1", "supertonic-3:M2",
                    "supertonic-3:M3", "supertonic-3:M4", "supertonic-3:M5");
            VoiceInfo f1 = voices.getFirst();
            assertThat(f1.languages()).hasSize(31).startsWith("cs", "en").contains("sk", "de", "uk", "ja");
            assertThat(f1.sampleRate()).isEqualTo(44100);
            assertThat(f1.gender()).isEqualTo(Gender.FEMALE);
            assertThat(voices.getLast().gender()).isEqualTo(Gender.MALE);
            assertThat(f1.licence()).isEqualTo("OpenRAIL-M");
            assertThat(f1.engine()).isEqualTo("supertonic");
            assertThat(engine.voice("supertonic-3:F6")).isEmpty();
            assertThat(engine.voice("supertonic-3:../onnx/tts")).isEmpty();
            assertThat(engine.voice("piper:F1")).isEmpty();
        }
    }

    @Test
    void a_broken_installation_lists_no_voices_instead_of_failing() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING, SupertonicSettings.defaults(), "F1", "M1")) {
            Files.writeString(home.resolve("voices/supertonic-3/voice_styles/M1.json"), "{\"style_ttl\":");
            assertThat(engine.voice("supertonic-3:M1")).isEmpty();
            assertThat(engine.voice("supertonic-3:F1")).isPresent();
            Files.writeString(home.resolve("voices/supertonic-3/onnx/tts.json"), "not json");
            assertThat(SupertonicEngine.inDirectory("supertonic-3", home.resolve("voices/supertonic-3"),
                    SupertonicSettings.defaults()).voices()).isEmpty();
        }
    }

    @Test
    void a_sentence_is_one_trimmed_chunk_then_a_sentence_pause() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING,
                SupertonicSettings.defaults().withNaturalSpeed(1.0), "M1")) {
            EngineVoice voice = engine.voice("supertonic-3:M1").orElseThrow();
            List<PcmChunk> chunks = speak(voice, "Dobrý den.", "cs", SynthesisParams.defaults());
            assertThat(chunks).hasSize(2);
            assertThat(chunks.getFirst().sampleRate()).isEqualTo(44100);
            assertThat(chunks.getFirst().samples().length).isBetween(52919, 52920); // 20 ids · 0.06 s
            assertThat(chunks.get(1).samples()).hasSize(13230).containsOnly(0f); // 0.3 s
        }
    }

    @Test
    void request_speed_multiplies_the_natural_pace() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING, SupertonicSettings.defaults(), "M1")) {
            EngineVoice voice = engine.voice("supertonic-3:M1").orElseThrow();
            int natural = speak(voice, "Dobrý den.", "cs", SynthesisParams.defaults()).getFirst().samples().length;
            int doubled = speak(voice, "Dobrý den.", "cs", SynthesisParams.ofSpeed(2.0)).getFirst().samples().length;
            assertThat(natural).isEqualTo((int) (20 * 0.06f / 1.05 * 44100));
            assertThat(doubled).isEqualTo((int) (20 * 0.06f / 2.1 * 44100));
        }
    }

    @Test
    void total_steps_from_the_request_reaches_the_estimator() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING, SupertonicSettings.defaults(), "F1")) {
            EngineVoice voice = engine.voice("supertonic-3:F1").orElseThrow();
            for (Integer steps : new Integer[]{null, 3, 8}) {
                float[] audio = speak(voice, "Hello there.", "en", new SynthesisParams(1.0, null, null, steps, null))
                        .getFirst().samples();
                for (int n = 0; n < audio.length; n += 97) {
                    assertThat((double) audio[n]).isCloseTo(Math.tanh(0.3 * Math.sin(0.05 * n)),
                            Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void identical_requests_give_identical_audio_different_voices_or_texts_do_not() throws Exception {
        try (SupertonicEngine engine = install(Estimator.DAMPING, SupertonicSettings.defaults(), "F1", "M1")) {
            EngineVoice f1 = engine.voice("supertonic-3:F1").orElseThrow();
            SynthesisParams params = SynthesisParams.defaults();
            float[] first = joined(speak(f1, "Příliš žluťoučký kůň.", "cs", params));
            float[] again = joined(speak(engine.voice("supertonic-3:F1").orElseThrow(), "Příliš žluťoučký kůň.", "cs",
                    params));
            float[] otherVoice = joined(speak(engine.voice("supertonic-3:M1").orElseThrow(), "Příliš žluťoučký kůň.",
                    "cs", params));
            float[] otherSteps = joined(speak(f1, "Příliš žluťoučký kůň.", "cs",
                    new SynthesisParams(1.0, null, null, 7, null)));
            assertThat(again).containsExactly(first);
            assertThat(Arrays.equals(first, otherVoice)).isFalse();
            assertThat(Arrays.equals(first, otherSteps)).isFalse();
        }
        // a fresh engine (another process, after a restart) gives the same audio too
        try (SupertonicEngine engine = SupertonicEngine.inDirectory("supertonic-3", home.resolve("voices/supertonic-3"),
                SupertonicSettings.defaults())) {
            float[] a = joined(speak(engine.voice("supertonic-3:F1").orElseThrow(), "Ahoj.", "cs",
                    SynthesisParams.defaults()));
            float[] b = joined(speak(engine.voice("supertonic-3:F1").orElseThrow(), "Ahoj.", "cs",
                    SynthesisParams.defaults()));
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void long_text_streams_a_short_first_chunk_then_the_rest_and_stops_when_the_sink_says_so() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING,
                SupertonicSettings.defaults().withNaturalSpeed(1.0).withChunkChars(120, 40).withPauses(0.3, 0.1),
                "F1")) {
            EngineVoice voice = engine.voice("supertonic-3:F1").orElseThrow();
            String text = "Když jsem včera večer přišel domů, čekalo mě překvapení. Na stole ležel dopis od babičky.";
            List<PcmChunk> chunks = speak(voice, text, "cs", SynthesisParams.defaults());
            // "Když jsem včera večer přišel domů," | 0.1 s | rest | 0.3 s
            assertThat(chunks).hasSize(4);
            int firstIds = engine.model("supertonic-3").indexer().encode(SupertonicText.prepare(
                    "Když jsem včera večer přišel domů,", "cs")).ids().length;
            assertThat(chunks.getFirst().samples().length).isEqualTo((int) (firstIds * 0.06f * 44100));
            assertThat(chunks.get(1).samples()).hasSize(4410);
            assertThat(chunks.get(2).samples().length).isGreaterThan(chunks.getFirst().samples().length);
            assertThat(chunks.get(3).samples()).hasSize(13230);

            List<PcmChunk> received = new ArrayList<>();
            voice.synthesize(new Utterance(text, "cs"), SynthesisParams.defaults(), c -> {
                received.add(c);
                return false;
            });
            assertThat(received).hasSize(1);
        }
    }

    @Test
    void text_with_nothing_the_model_can_say_produces_no_audio() throws Exception {
        try (SupertonicEngine engine = install(Estimator.ANNIHILATING, SupertonicSettings.defaults(), "F1")) {
            assertThat(speak(engine.voice("supertonic-3:F1").orElseThrow(), "… — …", "cs",
                    SynthesisParams.defaults())).isEmpty();
        }
    }
}
