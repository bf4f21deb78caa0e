package dev.hlas.cli;

import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hlas voices pull|import|list} with the built-in catalog, against a local hub given as {@code --mirror}. */
class VoicesCommandTest {
    static final String JIRKA = "/rhasspy/piper-voices/resolve/main/cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx";

    @TempDir
    Path home;
    LocalHub hub;
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        hub = new LocalHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private int hlas(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void pull_of_a_real_catalog_voice_refuses_what_does_not_match_its_pinned_size_and_digests() {
        hub.put(JIRKA, "not the Czech voice".getBytes(StandardCharsets.UTF_8));
        int code = hlas("voices", "pull", "cs_CZ-jirka-medium", "--home", home.toString(), "--mirror",
                hub.base().toString());
        assertThat(code).isEqualTo(2);
        assertThat(hub.requests(JIRKA)).isEqualTo(1);
        assertThat(err.toString()).contains("cs_CZ-jirka-medium.onnx").contains("expected 63201294");
        assertThat(new VoiceStore(home).installed()).isEmpty();
    }

    @Test
    void pull_of_a_voice_with_a_restrictive_licence_needs_consent_and_downloads_nothing_without_it() {
        int code = hlas("voices", "pull", "en_US-ryan-medium", "--home", home.toString(), "--mirror",
                hub.base().toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("CC BY-NC-SA 4.0").contains("--accept-licence");
        assertThat(hub.requests("/rhasspy/piper-voices/resolve/main/en/en_US/ryan/medium/en_US-ryan-medium.onnx"))
                .isZero();
    }

    @Test
    void pull_of_an_unknown_voice_lists_the_known_ones() {
        assertThat(hlas("voices", "pull", "xx_XX-nobody-low", "--home", home.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no voice 'xx_XX-nobody-low'").contains("cs_CZ-jirka-medium");
    }

    @Test
    void import_then_list_shows_installed_and_downloadable_voices_with_licences() throws Exception {
        Path usb = home.resolve("usb");
        SyntheticPiperVoice.write(usb, SyntheticPiperVoice.Spec.single("sk_SK-mine-medium", "sk", "sk_SK"));
        Files.writeString(usb.resolve("MODEL_CARD"), "# Model card\n* License: CC0\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(hlas("voices", "import", usb.toString(), "--home", home.toString())).isZero();
            assertThat(hlas("voices", "list", "--home", home.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Imported sk_SK-mine-medium");
        assertThat(text).containsPattern("sk_SK-mine-medium\\s+piper\\s+sk-sk\\s+22050");
        assertThat(text).contains("Available to download");
        assertThat(text).containsPattern("cs_CZ-jirka-medium\\s+piper\\s+cs_CZ\\s+medium\\s+63\\.2 MB\\s+CC0");
        assertThat(text).contains("CC BY-NC-SA 4.0");
    }
}
