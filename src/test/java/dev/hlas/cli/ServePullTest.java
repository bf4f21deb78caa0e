package dev.hlas.cli;

import dev.hlas.testing.HlasProcess;
import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hlas serve --pull} (HLAS_PULL in the image): voices missing from the data directory are pulled, verified,
 * before serving; one already installed is not fetched again; a failed pull is said and the server starts anyway.
 */
class ServePullTest {
    static final String VOICE = "cs_CZ-jirka-medium";
    static final String JIRKA = "/rhasspy/piper-voices/resolve/main/cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx";

    @TempDir
    Path dir;

    @Test
    void a_failed_pull_is_reported_and_serving_goes_on_and_an_installed_voice_is_not_fetched_again() throws Exception {
        try (LocalHub hub = new LocalHub()) {
            hub.put(JIRKA, "not the Czech voice".getBytes(StandardCharsets.UTF_8));
            String mirror = hub.base().toString();
            try (HlasProcess fresh = HlasProcess.create("fresh", dir, "--pull", VOICE, "--mirror", mirror);
                 HlasProcess installed = HlasProcess.create("installed", dir, "--pull", VOICE, "--mirror", mirror)) {
                SyntheticPiperVoice.install(new VoiceStore(dir.resolve("installed")), Spec.single(VOICE, "cs", "cs_CZ"));
                fresh.start();
                installed.start();
                fresh.awaitReady();
                installed.awaitReady();

                assertThat(hub.requests(JIRKA)).as("only the server without the voice asked for it").isEqualTo(1);
                assertThat(fresh.logTail()).contains("could not pull " + VOICE).contains("serving without it");
                assertThat(fresh.get("/v1/audio/voices").body()).doesNotContain(VOICE);
                assertThat(new VoiceStore(dir.resolve("fresh")).installed()).as("nothing half-installed").isEmpty();
                assertThat(installed.logTail()).doesNotContain("could not pull");
                assertThat(installed.get("/v1/audio/voices").body()).contains(VOICE);
            }
        }
    }
}
