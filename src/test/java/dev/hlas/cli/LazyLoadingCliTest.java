package dev.hlas.cli;

import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.Wav;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Compute;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Estimator;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that do not speak with a neural engine must not load one, even when Piper, Kokoro and Supertonic are all
 * installed: the CLI runs in this JVM, so the process-wide count of ONNX Runtime sessions shows every load.
 */
class LazyLoadingCliTest {
    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void installEveryEngine() throws Exception {
        home = dir.resolve("home");
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, SyntheticPiperVoice.Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ"));
        KokoroFixtures.installInStore(store, SyntheticKokoroModel.Flavour.V1_0);
        Path supertonic = SyntheticSupertonicModel.write(dir.resolve("supertonic"), Estimator.DAMPING, Compute.NONE,
                "F1");
        StoreInstall.commit(store, supertonic, "supertonic-3", "supertonic");
    }

    @Test
    void listing_voices_lists_every_engine_without_loading_a_model() {
        long before = OnnxSessions.created();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("voices", "list", "--home", home.toString());
        } finally {
            System.setOut(saved);
        }
        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(listing).isZero();
        assertThat(listing).contains("cs_CZ-jirka-medium", "af_heart", "supertonic-3:F1");
        assertThat(OnnxSessions.created() - before).as("ONNX sessions created by 'voices list'").isZero();
    }

    @Test
    void saying_with_espeak_loads_no_model_and_returns_without_waiting_for_one() throws Exception {
        long before = OnnxSessions.created();
        Path wav = dir.resolve("out.wav");
        int exit = Main.commandLine().execute("say", "-v", "espeak:cs", "-o", wav.toString(), "--home",
                home.toString(), "Dobrý den.");
        assertThat(exit).isZero();
        assertThat(Wav.parse(Files.readAllBytes(wav)).seconds()).isGreaterThan(0.3);
        // The CLI closes its engines before it returns: a background load it had started would have been waited
        // for and counted here.
        assertThat(OnnxSessions.created() - before).as("ONNX sessions created by 'say -v espeak:cs'").isZero();
    }

    @Test
    void saying_with_a_kokoro_voice_loads_only_kokoro() throws Exception {
        long before = OnnxSessions.created();
        Path wav = dir.resolve("kokoro.wav");
        int exit = Main.commandLine().execute("say", "-v", "af_heart", "-o", wav.toString(), "--home",
                home.toString(), "Hello there.");
        assertThat(exit).isZero();
        assertThat(Wav.parse(Files.readAllBytes(wav)).sampleRate()).isEqualTo(24000);
        assertThat(OnnxSessions.created() - before).as("the one Kokoro session").isEqualTo(1);
    }
}
