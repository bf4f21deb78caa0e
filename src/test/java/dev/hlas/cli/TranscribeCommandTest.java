package dev.hlas.cli;

import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hlas transcribe} and the recognition models in {@code hlas voices pull|list}. */
class TranscribeCommandTest {
    @TempDir
    Path home;
    final StringWriter err = new StringWriter();

    private int hlas(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(hlas(args)).as(err.toString()).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path tone() throws Exception {
        Path wav = home.resolve("tone.wav");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=330:duration=2", "-ar", "44100", wav.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return wav;
    }

    private void installTiny() throws Exception {
        Path dir = Files.createDirectories(home.resolve("model-src"));
        TinyWhisperModel.tiny().writeTo(dir.resolve("ggml-tiny-test.bin"));
        StoreInstall.commit(new VoiceStore(home), dir, "whisper-tiny-test", WhisperRecognizer.ENGINE);
    }

    @Test
    void transcribe_writes_srt_to_a_file() throws Exception {
        installTiny();
        Path wav = tone();
        Path srt = home.resolve("out.srt");
        assertThat(hlas("transcribe", wav.toString(), "--format", "srt", "-o", srt.toString(), "--home",
                home.toString(), "--stt-threads", "1", "--language", "en")).as(err.toString()).isZero();
        assertThat(Files.readString(srt)).matches("(?s)1\n00:00:\\d\\d,\\d{3} --> 00:00:\\d\\d,\\d{3}\n.+");
        String json = stdout("transcribe", wav.toString(), "--format", "verbose_json", "--home", home.toString(),
                "--stt-threads", "1");
        assertThat(json).contains("\"duration\":2.0").contains("\"segments\"").contains("\"words\"");
    }

    @Test
    void transcribe_without_a_model_names_the_pull_command() throws Exception {
        Path wav = tone();
        assertThat(hlas("transcribe", wav.toString(), "--home", home.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("hlas voices pull whisper-base");
        assertThat(hlas("transcribe", wav.toString(), "--format", "docx", "--home", home.toString())).isEqualTo(2);
    }

    @Test
    void pull_verifies_a_whisper_model_against_its_pinned_size_and_digest() throws Exception {
        try (LocalHub hub = new LocalHub()) {
            String path = "/ggerganov/whisper.cpp/resolve/5359861c739e955e79d9a303bcbc70fb988958b1/ggml-base.bin";
            hub.put(path, "not a whisper model".getBytes(StandardCharsets.UTF_8));
            assertThat(hlas("voices", "pull", "whisper-base", "--home", home.toString(), "--mirror",
                    hub.base().toString())).isEqualTo(2);
            assertThat(hub.requests(path)).isEqualTo(1);
            assertThat(err.toString()).contains("ggml-base.bin").contains("147951465");
            assertThat(new VoiceStore(home).installed()).isEmpty();
        }
    }

    @Test
    void list_shows_recognition_models_installed_and_to_download_with_licence() throws Exception {
        installTiny();
        String text = stdout("voices", "list", "--home", home.toString());
        assertThat(text).contains("Installed speech recognition models")
                .containsPattern("whisper-tiny-test\\s+whisper\\s+multi");
        assertThat(text).contains("Speech recognition models to download")
                .containsPattern("whisper-base\\s+whisper\\s+multi\\s+148\\.0 MB\\s+MIT")
                .containsPattern("whisper-large-v3-turbo\\s+whisper\\s+multi\\s+1624\\.6 MB\\s+MIT");
    }
}
