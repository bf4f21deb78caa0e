package dev.hlas.engine.piper;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.error.HlasException;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Piper voices on real ONNX Runtime and real espeak-ng, with the project's own Piper-signature models. */
class PiperEngineTest {
    static final long[] THIS_IS_A_TEST = {1, 0, 41, 0, 74, 0, 31, 0, 3, 0, 74, 0, 38, 0, 3, 0, 50, 0, 3, 0, 32, 0, 120,
            0, 61, 0, 31, 0, 32, 0, 10, 0, 2};
    static final Spec LESSAC = Spec.single("en_US-lessac-medium", "en-us", "en_US");
    static final Spec JIRKA = Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ").withOutputRank(3);
    static final Spec LIBRITTS = Spec.multi("en_US-libritts_r-medium", "en-us", "en_US", List.of("p0", "p1", "p123"));

    @TempDir
    Path home;
    VoiceStore store;
    PiperEngine engine;

    @BeforeEach
    void setUp() {
        store = new VoiceStore(home);
        engine = engine(0.0);
    }

    private PiperEngine engine(double silence) {
        return new PiperEngine(store, EspeakNative.load(null, null),
                new PiperSettings(OnnxSettings.defaults(), silence, true));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private PiperVoice voice(String id) {
        return (PiperVoice) engine.voice(id).orElseThrow();
    }

    @Test
    void english_ids_fed_to_the_model_equal_the_spec_vectors() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        List<PhonemeIds> s = voice(LESSAC.id()).phonemes("This is a test.");
        assertThat(s).singleElement().satisfies(p -> {
            assertThat(p.phonemes()).isEqualTo("ðɪs ɪz ɐ tˈɛst.");
            assertThat(p.ids()).containsExactly(THIS_IS_A_TEST);
            assertThat(p.unknown()).isEmpty();
        });
        List<PhonemeIds> two = voice(LESSAC.id()).phonemes("Hello, world! How are you?");
        assertThat(two).hasSize(2);
        assertThat(two.getFirst().ids()).containsExactly(1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 8, 0, 3, 0,
                35, 0, 120, 0, 62, 0, 122, 0, 24, 0, 17, 0, 4, 0, 2);
        assertThat(two.get(1).phonemes()).isEqualTo("hˈaʊ ɑːɹ juː?");
    }

    @Test
    void czech_ids_fed_to_the_model_equal_the_spec_vectors() throws Exception {
        SyntheticPiperVoice.install(store, JIRKA);
        List<PhonemeIds> s = voice(JIRKA.id()).phonemes("Dobrý den. Jak se máte?");
        assertThat(s).hasSize(2);
        assertThat(s.getFirst().ids()).containsExactly(1, 0, 17, 0, 120, 0, 27, 0, 15, 0, 30, 0, 21, 0, 122, 0, 3, 0,
                17, 0, 120, 0, 18, 0, 26, 0, 10, 0, 2);
        long[] kun = voice(JIRKA.id()).phonemes("Příliš žluťoučký kůň.").getFirst().ids();
        assertThat(Arrays.copyOf(kun, 17)).containsExactly(1, 0, 28, 0, 30, 0, 157, 0, 158, 0, 120, 0, 21, 0, 122, 0,
                24);
        assertThat(Arrays.copyOfRange(kun, kun.length - 5, kun.length)).containsExactly(82, 0, 10, 0, 2);
    }

    @Test
    void output_length_follows_length_scale_from_speed() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        // synthetic model: N = ceil(T · length_scale) · 256, T = 33 ids for "This is a test."
        assertThat(samples(voice(LESSAC.id()), "This is a test.", SynthesisParams.ofSpeed(1.0))).isEqualTo(33 * 256);
        assertThat(samples(voice(LESSAC.id()), "This is a test.", SynthesisParams.ofSpeed(2.0))).isEqualTo(17 * 256);
        assertThat(samples(voice(LESSAC.id()), "This is a test.", SynthesisParams.ofSpeed(0.5))).isEqualTo(66 * 256);
    }

    @Test
    void rank_3_and_rank_4_outputs_are_flattened_alike() throws Exception {
        SyntheticPiperVoice.install(store, JIRKA); // rank 3
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-jirka-low", "cs", "cs_CZ")); // rank 4
        List<PcmChunk> r3 = chunks(voice(JIRKA.id()), "Dobrý den.", SynthesisParams.defaults());
        List<PcmChunk> r4 = chunks(voice("cs_CZ-jirka-low"), "Dobrý den.", SynthesisParams.defaults());
        assertThat(r3).singleElement().satisfies(c -> assertThat(c.samples()).hasSize(29 * 256));
        assertThat(r4.getFirst().samples()).containsExactly(r3.getFirst().samples());
    }

    @Test
    void audio_is_normalized_to_peak_one_as_piper_does() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        float[] s = chunks(voice(LESSAC.id()), "This is a test.", SynthesisParams.defaults()).getFirst().samples();
        float peak = 0;
        for (float v : s) peak = Math.max(peak, Math.abs(v));
        assertThat(peak).isEqualTo(1.0f); // the model's sine peaks at 0.5
    }

    @Test
    void sentences_become_chunks_with_the_configured_silence_after_each() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        engine.close();
        engine = engine(0.2);
        List<PcmChunk> c = chunks(voice(LESSAC.id()), "Hello, world! How are you?", SynthesisParams.defaults());
        assertThat(c).hasSize(4);
        assertThat(c.get(1).samples()).hasSize(4410).containsOnly(0f);
        assertThat(c.get(0).samples().length).isEqualTo(33 * 256);
    }

    @Test
    void sid_is_sent_to_multi_speaker_models_and_selects_the_speaker() throws Exception {
        SyntheticPiperVoice.install(store, LIBRITTS);
        PiperVoice v = voice(LIBRITTS.id());
        assertThat(v.sendsSpeakerId()).isTrue();
        float[] p0 = first(v, new SynthesisParams(1.0, null, null, null, "p0"));
        float[] p123byName = first(v, new SynthesisParams(1.0, null, null, null, "p123"));
        float[] p123byNumber = first(v, new SynthesisParams(1.0, null, null, null, "2"));
        float[] p123byId = first(voice(LIBRITTS.id() + ":p123"), SynthesisParams.defaults());
        assertThat(p123byName).isNotEqualTo(p0).isEqualTo(p123byNumber).isEqualTo(p123byId);
        assertThat(first(v, SynthesisParams.defaults())).isEqualTo(p0); // default_speaker_id 0
        assertThat(engine.speakers(LIBRITTS.id())).containsExactly("p0", "p1", "p123");
        assertThat(engine.voice(LIBRITTS.id() + ":nobody")).isEmpty();
        assertThatThrownBy(() -> v.validate(new SynthesisParams(1.0, null, null, null, "nobody")))
                .isInstanceOfSatisfying(HlasException.class, e -> assertThat(e.param()).isEqualTo("speaker"));
    }

    @Test
    void sid_is_not_sent_when_the_model_lacks_that_input() throws Exception {
        // config claims three speakers but the graph has no sid input: feeding sid would make ORT reject the run
        SyntheticPiperVoice.install(store, LIBRITTS.withModelSid(false));
        PiperVoice v = voice(LIBRITTS.id());
        assertThat(v.sendsSpeakerId()).isFalse();
        assertThat(first(v, new SynthesisParams(1.0, null, null, null, "p1"))).hasSize(33 * 256);
        SyntheticPiperVoice.install(store, LESSAC);
        assertThat(voice(LESSAC.id()).sendsSpeakerId()).isFalse();
        assertThat(first(voice(LESSAC.id()), new SynthesisParams(1.0, 0.3, 0.5, null, "p1"))).hasSize(33 * 256);
    }

    @Test
    void unknown_phonemes_are_skipped_and_counted() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC.without("ð"));
        PiperVoice v = voice(LESSAC.id());
        PhonemeIds p = v.phonemes("This is a test.").getFirst();
        assertThat(p.unknown()).containsExactly("ð");
        assertThat(p.ids()).hasSize(THIS_IS_A_TEST.length - 2).doesNotContain(41);
        chunks(v, "This is a test. This.", SynthesisParams.defaults());
        assertThat(v.unknownPhonemeCounts()).containsEntry("ð", 2L);
    }

    @Test
    void installed_voices_are_listed_with_language_rate_and_licence() throws Exception {
        SyntheticPiperVoice.install(store, JIRKA);
        assertThat(engine.voices()).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo("cs_CZ-jirka-medium");
            assertThat(info.engine()).isEqualTo("piper");
            assertThat(info.languages()).containsExactly("cs-cz", "cs");
            assertThat(info.sampleRate()).isEqualTo(22050);
            assertThat(info.licence()).contains("CC0");
        });
        assertThat(engine.voice("cs_CZ-jirka-low")).isEmpty();
    }

    @Test
    void a_truncated_model_is_refused_at_load_with_the_command_that_fixes_it() throws Exception {
        InstalledVoice v = SyntheticPiperVoice.install(store, LESSAC);
        Path onnx = v.path(LESSAC.id() + ".onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        Files.write(onnx, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> engine.voice(LESSAC.id()))
                .isInstanceOf(HlasException.class)
                .hasMessageContaining("cannot be loaded").hasMessageContaining("truncated")
                .hasMessageContaining("hlas voices pull en_US-lessac-medium");
    }

    @Test
    void a_voice_whose_config_names_an_espeak_voice_espeak_lacks_is_refused_at_load_naming_it() throws Exception {
        Spec klingon = Spec.single("tlh_XX-worf-medium", "tlh-xx", "tlh_XX");
        SyntheticPiperVoice.install(store, klingon);
        assertThatThrownBy(() -> engine.voice(klingon.id()))
                .isInstanceOf(HlasException.class)
                .hasMessageContaining("tlh_XX-worf-medium").hasMessageContaining("espeak-ng voice 'tlh-xx'");
        assertThat(engine.preload(List.of(klingon.id()))).isEmpty();
    }

    @Test
    void a_corrupt_model_of_the_right_size_is_refused_by_onnx_runtime_with_a_clear_message() throws Exception {
        InstalledVoice v = SyntheticPiperVoice.install(store, LESSAC);
        Path onnx = v.path(LESSAC.id() + ".onnx");
        byte[] junk = new byte[(int) Files.size(onnx)];
        Arrays.fill(junk, (byte) 0x7f);
        Files.write(onnx, junk);
        assertThatThrownBy(() -> engine.voice(LESSAC.id()))
                .isInstanceOf(HlasException.class)
                .hasMessageContaining("corrupt or truncated").hasMessageContaining("hlas voices pull");
        assertThat(engine.preload(List.of(LESSAC.id()))).isEmpty(); // start-up logs and carries on
    }

    @Test
    void a_voice_installed_while_running_becomes_available_without_a_restart() throws Exception {
        assertThat(engine.voice(LESSAC.id())).isEmpty();
        SyntheticPiperVoice.install(store, LESSAC);
        assertThat(engine.voice(LESSAC.id())).isPresent();
        store.remove(LESSAC.id());
        assertThat(engine.voices()).isEmpty();
    }

    @Test
    void a_voice_reinstalled_while_running_is_reloaded_from_the_new_files() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        EngineVoice before = engine.voice(LESSAC.id()).orElseThrow();
        SyntheticPiperVoice.install(store, LESSAC.withOutputRank(3));
        EngineVoice after = engine.voice(LESSAC.id()).orElseThrow();
        assertThat(after).isNotSameAs(before);
        assertThat(engine.voice(LESSAC.id()).orElseThrow()).isSameAs(after);
    }

    @Test
    void preload_loads_installed_defaults_and_skips_the_rest() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        assertThat(engine.preload(List.of(LESSAC.id(), "cs_CZ-jirka-medium"))).containsExactly(LESSAC.id());
    }

    @Test
    void one_voice_serves_concurrent_workers_with_identical_results() throws Exception {
        SyntheticPiperVoice.install(store, LESSAC);
        PiperVoice v = voice(LESSAC.id());
        float[] expected = first(v, SynthesisParams.defaults());
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String text = i % 2 == 0 ? "This is a test." : "Hello, world! How are you?";
                runs.add(pool.submit(() -> first(v, text, SynthesisParams.defaults())));
            }
            for (int i = 0; i < runs.size(); i++) {
                float[] got = runs.get(i).get();
                if (i % 2 == 0) assertThat(got).containsExactly(expected);
                else assertThat(got).hasSize(33 * 256);
            }
        }
    }

    @Test
    void parallelism_follows_cores_and_intra_op_threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(engine.parallelism()).isEqualTo(cores);
        PiperEngine two = new PiperEngine(store, EspeakNative.load(null, null),
                new PiperSettings(OnnxSettings.defaults().withIntraOpThreads(2), 0, false));
        assertThat(two.parallelism()).isEqualTo(Math.max(1, cores / 2));
    }

    private static float[] first(EngineVoice v, SynthesisParams params) {
        return first(v, "This is a test.", params);
    }

    private static float[] first(EngineVoice v, String text, SynthesisParams params) {
        return chunks(v, text, params).getFirst().samples();
    }

    private static int samples(EngineVoice v, String text, SynthesisParams params) {
        return chunks(v, text, params).stream().mapToInt(c -> c.samples().length).sum();
    }

    private static List<PcmChunk> chunks(EngineVoice v, String text, SynthesisParams params) {
        List<PcmChunk> out = new ArrayList<>();
        VoiceInfo info = v.info();
        v.synthesize(new Utterance(text, info.languages().getLast()), params, c -> {
            assertThat(c.sampleRate()).isEqualTo(22050);
            return out.add(c);
        });
        return out;
    }
}
