package dev.hlas.stt;

import dev.hlas.error.HlasException;
import dev.hlas.error.ModelBroken;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** whisper.cpp itself (through whisper-jni) loads the generated model and decodes real audio with it. */
class WhisperRecognizerTest {
    @TempDir
    Path home;

    static Path installTiny(VoiceStore store, Path scratch, String id) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("src-" + id));
        TinyWhisperModel.tiny().writeTo(dir.resolve("ggml-tiny-test.bin"));
        StoreInstall.commit(store, dir, id, WhisperRecognizer.ENGINE);
        return dir;
    }

    static float[] tone(double seconds) {
        float[] pcm = new float[(int) (seconds * Pcm16k.RATE)];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (float) (0.3 * Math.sin(i * 2 * Math.PI * 220 / Pcm16k.RATE));
        return pcm;
    }

    @Test
    void the_generated_model_loads_and_decodes_segments_inside_the_audio() throws IOException {
        VoiceStore store = new VoiceStore(home);
        installTiny(store, home, "whisper-tiny-test");
        try (WhisperRecognizer whisper = new WhisperRecognizer(store, 1)) {
            assertThat(whisper.models()).extracting(RecognizerModel::id).containsExactly("whisper-tiny-test");
            RecognizerModel model = whisper.models().getFirst();
            for (double seconds : new double[] {0.5, 2.0}) {
                Transcript t = whisper.recognize(model, new Pcm16k(tone(seconds)), RecognitionOptions.transcribe("en"));
                assertThat(t.duration()).isEqualTo(seconds);
                assertThat(t.segments()).isNotEmpty();
                double last = 0;
                for (Segment s : t.segments()) {
                    assertThat(s.start()).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(s.end());
                    assertThat(s.end()).isLessThanOrEqualTo(seconds);
                    last = s.start();
                }
                assertThat(t.text()).isNotBlank();
                assertThat(t.language()).isEqualTo("en");
            }
            // without a language whisper.cpp detects one (the binding does not return it; its log line does)
            Transcript detected = whisper.recognize(model, new Pcm16k(tone(2)), RecognitionOptions.transcribe(null));
            assertThat(detected.language()).matches("[a-z]{2,3}");
        }
    }

    @Test
    void a_corrupt_model_file_is_refused_naming_the_pull_command() throws IOException {
        VoiceStore store = new VoiceStore(home);
        installTiny(store, home, "whisper-tiny-test");
        Path installed = store.models(WhisperRecognizer.ENGINE).getFirst().dir().resolve("ggml-tiny-test.bin");
        try (RandomAccessFile f = new RandomAccessFile(installed.toFile(), "rw")) {
            f.seek(1000);
            f.write(new byte[] {1, 2, 3, 4});
        }
        try (WhisperRecognizer whisper = new WhisperRecognizer(store, 1)) {
            RecognizerModel model = whisper.models().getFirst();
            assertThatThrownBy(() -> whisper.recognize(model, new Pcm16k(tone(1)), RecognitionOptions.transcribe(null)))
                    .isInstanceOf(ModelBroken.class)
                    .hasMessageContaining("hlas voices pull whisper-tiny-test");
        }
    }

    @Test
    void a_model_that_is_not_installed_is_not_found() {
        VoiceStore store = new VoiceStore(home);
        try (WhisperRecognizer whisper = new WhisperRecognizer(store, 1)) {
            RecognizerModel ghost = new RecognizerModel("whisper-ghost", "whisper", "MIT", true, home.resolve("x.bin"));
            assertThatThrownBy(() -> whisper.recognize(ghost, new Pcm16k(tone(1)), RecognitionOptions.transcribe(null)))
                    .isInstanceOf(HlasException.class).hasMessageContaining("hlas voices pull whisper-ghost");
        }
    }
}
