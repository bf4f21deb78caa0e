package dev.hlas.engine.kokoro;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.kokoro.NpzWriter;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.testing.onnx.SyntheticKokoroModel.Flavour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The engine end to end on generated Kokoro-signature models of all three export flavours. */
class KokoroEngineTest {
    private static final String HELLO = "Hello, world!";
    /** "həlˈO, wˈɜɹld!" = 14 tokens, 16 with pads. */
    private static final int HELLO_TOKENS = 14;

    @TempDir
    Path home;

    private KokoroEngine engine(Flavour flavour) throws Exception {
        Path dir = KokoroFixtures.install(home, flavour);
        return KokoroEngine.open(dir, EspeakNative.load(null, null), KokoroSettings.defaults().withThreads(1))
                .orElseThrow();
    }

    private static List<PcmChunk> speak(EngineVoice voice, String text, double speed) {
        List<PcmChunk> chunks = new ArrayList<>();
        voice.synthesize(new Utterance(text, "en"), SynthesisParams.ofSpeed(speed), chunks::add);
        return chunks;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void every_export_flavour_speaks_at_24khz_with_the_style_row_of_the_token_count(Flavour flavour) throws Exception {
        try (KokoroEngine engine = engine(flavour)) {
            assertThat(engine.model().tokensInput()).isEqualTo(flavour == Flavour.V1_0 ? "tokens" : "input_ids");
            assertThat(engine.model().intSpeed()).isEqualTo(flavour == Flavour.HEXGRAD);

            List<PcmChunk> chunks = speak(engine.voice("af_heart").orElseThrow(), HELLO, 1.0);

            assertThat(chunks).hasSize(1);
            PcmChunk chunk = chunks.getFirst();
            assertThat(chunk.sampleRate()).isEqualTo(24_000);
            assertThat(chunk.samples()).hasSize((HELLO_TOKENS + 2) * 600);
            // af_heart's row r holds 0.010 + r·1e-5; the engine must feed row 14 for 14 tokens
            assertThat(SyntheticKokoroModel.styleMean(chunk.samples()))
                    .isCloseTo(0.010 + HELLO_TOKENS * KokoroFixtures.ROW_STEP, within(2e-6));
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void speed_reaches_the_model_in_its_own_type(Flavour flavour) throws Exception {
        try (KokoroEngine engine = engine(flavour)) {
            EngineVoice voice = engine.voice("af_heart").orElseThrow();
            int fast = speak(voice, HELLO, 2.0).getFirst().samples().length;
            int odd = speak(voice, HELLO, 1.4).getFirst().samples().length;
            assertThat(fast).isEqualTo((HELLO_TOKENS + 2) * 300);
            // an int32-speed export only knows whole speeds: 1.4 rounds to 1
            assertThat(odd).isEqualTo((HELLO_TOKENS + 2) * (flavour == Flavour.HEXGRAD ? 600 : 429));
        }
    }

    @Test
    void long_input_arrives_as_several_chunks_each_within_the_model_context() throws Exception {
        String text = ("The committee met on Tuesday to review the budget, which had grown considerably over the "
                + "previous year; several members asked for a detailed breakdown of the spending. ").repeat(5);
        try (KokoroEngine engine = engine(Flavour.V1_0)) {
            List<PcmChunk> chunks = speak(engine.voice("am_echo").orElseThrow(), text, 1.0);
            assertThat(chunks.size()).isGreaterThanOrEqualTo(2);
            assertThat(chunks).allSatisfy(c -> assertThat(c.samples().length / 600).isLessThanOrEqualTo(512));
            // The engine no longer shortens its first chunk: the plan's FirstChunk rule does, for every engine.
            assertThat(chunks.getFirst().samples().length / 600 - 2).isGreaterThan(KokoroChunker.DEFAULT_FIRST_TARGET);
            // each chunk's style row follows that chunk's own length
            for (PcmChunk c : chunks) {
                int tokens = c.samples().length / 600 - 2;
                assertThat(SyntheticKokoroModel.styleMean(c.samples()))
                        .isCloseTo(0.030 + tokens * KokoroFixtures.ROW_STEP, within(3e-6));
            }
        }
    }

    @Test
    void a_sink_that_answers_false_stops_before_the_next_model_run() throws Exception {
        String text = "Alpha beta gamma delta, epsilon zeta eta theta. ".repeat(20);
        try (KokoroEngine engine = engine(Flavour.V1_0)) {
            List<PcmChunk> got = new ArrayList<>();
            engine.voice("af_heart").orElseThrow().synthesize(new Utterance(text, "en"), SynthesisParams.defaults(),
                    c -> got.add(c) && false);
            assertThat(got).hasSize(1);
        }
    }

    @Test
    void blends_speak_with_the_weighted_style_and_unknown_components_are_named() throws Exception {
        try (KokoroEngine engine = engine(Flavour.COMMUNITY)) {
            EngineVoice blend = engine.voice("af_bella(2)+af_sky(1)").orElseThrow();
            assertThat(blend.info().id()).isEqualTo("af_bella(2)+af_sky(1)");
            assertThat(blend.info().gender()).isEqualTo(Gender.FEMALE);
            PcmChunk chunk = speak(blend, HELLO, 1.0).getFirst();
            // (2·0.010 + 1·0.040) / 3 = 0.020, plus the row offset for 14 tokens
            assertThat(SyntheticKokoroModel.styleMean(chunk.samples()))
                    .isCloseTo(0.020 + HELLO_TOKENS * KokoroFixtures.ROW_STEP, within(2e-6));

            assertThatThrownBy(() -> engine.voice("af_bella(2)+af_nosuch(1)"))
                    .isInstanceOfSatisfying(VoiceUnavailable.class, e -> {
                        assertThat(e.param()).isEqualTo("voice");
                        assertThat(e.getMessage()).contains("'af_nosuch'");
                    });
            assertThat(engine.voice("piper_voice+other")).isEmpty(); // not Kokoro's syntax: someone else's id
        }
    }

    @Test
    void voices_are_listed_with_language_and_gender_from_their_prefix() throws Exception {
        try (KokoroEngine engine = engine(Flavour.V1_0)) {
            assertThat(engine.voices()).extracting(VoiceInfo::id)
                    .containsExactly("af_alloy", "af_bella", "af_heart", "af_sky", "am_echo", "bm_fable", "ef_dora");
            VoiceInfo fable = engine.voice("bm_fable").orElseThrow().info();
            assertThat(fable.languages()).containsExactly("en-gb", "en");
            assertThat(fable.gender()).isEqualTo(Gender.MALE);
            assertThat(fable.sampleRate()).isEqualTo(24_000);
            assertThat(fable.engine()).isEqualTo("kokoro");
            assertThat(engine.voice("ef_dora").orElseThrow().info().languages()).containsExactly("es");
            assertThat(engine.voice("af_nosuch")).isEmpty();
        }
    }

    @Test
    void an_empty_directory_is_not_an_install_and_a_model_without_voices_is_refused() throws Exception {
        assertThat(KokoroEngine.open(home.resolve("voices/kokoro"), EspeakNative.load(null, null),
                KokoroSettings.defaults())).isEmpty();
        Path dir = home.resolve("voices/kokoro");
        SyntheticKokoroModel.write(dir.resolve("kokoro-v1.0.onnx"), Flavour.V1_0);
        assertThatThrownBy(() -> KokoroEngine.open(dir, EspeakNative.load(null, null), KokoroSettings.defaults()))
                .hasMessageContaining("has no voices").hasMessageContaining("hlas voices pull kokoro");
    }

    @Test
    void single_voice_bins_install_without_a_pack() throws Exception {
        Path dir = home.resolve("voices/kokoro");
        SyntheticKokoroModel.write(dir.resolve("onnx/model.onnx"), Flavour.COMMUNITY);
        NpzWriter.writeRaw(dir.resolve("voices/bf_emma.bin"), KokoroFixtures.voice(0.02));
        try (KokoroEngine engine = KokoroEngine.open(dir, EspeakNative.load(null, null), KokoroSettings.defaults())
                .orElseThrow()) {
            assertThat(engine.voices()).extracting(VoiceInfo::id).containsExactly("bf_emma");
            assertThat(speak(engine.voice("bf_emma").orElseThrow(), HELLO, 1.0)).hasSize(1);
        }
    }
}
