package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Importer;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An offline machine installs Kokoro from a copied folder, verified like a download, and the engine loads it. */
class KokoroImportTest {
    @TempDir
    Path dir;

    @Test
    void imported_model_and_pack_are_verified_installed_and_loadable() throws Exception {
        Path usb = KokoroFixtures.install(dir.resolve("usb"), SyntheticKokoroModel.Flavour.V1_0);
        List<CatalogFile> files = new ArrayList<>();
        for (String name : List.of("kokoro-v1.0.onnx", KokoroInstall.PACK)) {
            byte[] bytes = Files.readAllBytes(usb.resolve(name));
            files.add(new CatalogFile(name, bytes.length, LocalHub.sha256(bytes), null, false));
        }
        CatalogEntry entry = new CatalogEntry("kokoro", KokoroEngine.ID, "multi", null, 54, "Apache-2.0", "", false,
                "https://example.invalid/", files);
        Path home = dir.resolve("home");
        var result = new Importer(new Catalog(List.of(entry)), new VoiceStore(home)).importFrom(dir.resolve("usb"));
        assertThat(result.installed()).extracting(v -> v.id()).containsExactly("kokoro");

        Path installed = new VoiceStore(home).find("kokoro").orElseThrow().dir();
        assertThat(KokoroInstall.find(installed)).isPresent();
        try (KokoroEngine engine = KokoroEngine.open(installed, EspeakNative.load(null, null),
                KokoroSettings.defaults().withThreads(1)).orElseThrow()) {
            assertThat(engine.voices()).extracting(v -> v.id()).isNotEmpty();
            String anyVoice = engine.voices().getFirst().id();
            assertThat(engine.voice(anyVoice).orElseThrow().modelVersion()).contains("kokoro-v1.0.onnx:",
                    KokoroInstall.PACK + ":");
        }
    }

    @Test
    void the_built_in_catalog_entry_installs_where_the_engine_looks() {
        CatalogEntry entry = Catalog.builtIn().find("kokoro").orElseThrow();
        assertThat(entry.engine()).isEqualTo(KokoroEngine.ID);
        assertThat(entry.files()).extracting(CatalogFile::fileName).contains("kokoro-v1.0.onnx", KokoroInstall.PACK);
        assertThat(entry.provides("af_heart")).isTrue();
        assertThat(entry.provides("af_bella(2)+af_sky(1)")).isTrue();
        assertThat(entry.provides("cs_CZ-jirka-medium")).isFalse();
        assertThat(Catalog.builtIn().installableAs("bm_george")).hasValue("kokoro");
    }
}
