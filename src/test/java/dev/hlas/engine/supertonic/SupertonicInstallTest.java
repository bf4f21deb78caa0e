package dev.hlas.engine.supertonic;

import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.Importer;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Supertonic-3 is installed by the shared voice store, in the repository layout the engine reads. */
class SupertonicInstallTest {
    @TempDir
    Path dir;

    @Test
    void built_in_catalog_pins_the_archive_revision_with_all_16_files() {
        CatalogEntry entry = Catalog.builtIn().find(SupertonicEngine.MODEL_ID).orElseThrow();
        assertThat(entry.engine()).isEqualTo(SupertonicEngine.ID);
        assertThat(entry.baseUrl()).isEqualTo("https://huggingface.co/supertone-oss-archive/supertonic-3/resolve/"
                + "aafc6e32416a594460b32413efc49d7fe4ce6d46/");
        assertThat(entry.files()).hasSize(16);
        assertThat(entry.totalSize()).isEqualTo(401_276_744L);
        assertThat(entry.files()).filteredOn(f -> f.path().equals("onnx/vector_estimator.onnx")).singleElement()
                .satisfies(f -> {
                    assertThat(f.size()).isEqualTo(256_534_781L);
                    assertThat(f.sha256()).isEqualTo("883ac868ea0275ef0e991524dc64f16b3c0376efd7c320af6b53f5b780d7c61c");
                    assertThat(f.fileName()).isEqualTo("onnx/vector_estimator.onnx");
                });
        assertThat(entry.files()).extracting(CatalogFile::fileName).containsAll(SupertonicEngine.REQUIRED_FILES);
        assertThat(entry.files()).extracting(CatalogFile::fileName)
                .contains("voice_styles/F1.json", "voice_styles/F5.json", "voice_styles/M1.json", "voice_styles/M5.json");
        assertThat(entry.licence()).isEqualTo(SupertonicEngine.LICENCE);
        assertThat(entry.restricted()).as("OpenRAIL-M use restrictions need acceptance").isTrue();
        assertThat(entry.licenceNote()).contains("Open RAIL-M");
    }

    @Test
    void imported_files_are_verified_and_keep_their_layout() throws Exception {
        Path source = SyntheticSupertonicModel.write(dir.resolve("usb/supertonic"),
                SyntheticSupertonicModel.Estimator.ANNIHILATING, SyntheticSupertonicModel.Compute.NONE, "F2");
        List<CatalogFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = source.relativize(p).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(p);
                files.add(new CatalogFile(rel, bytes.length, LocalHub.sha256(bytes), null, false, rel));
            }
        }
        CatalogEntry entry = new CatalogEntry(SupertonicEngine.MODEL_ID, SupertonicEngine.ID, "multi", null, 1,
                SupertonicEngine.LICENCE, "", true, "https://example.invalid/", files);
        Path home = dir.resolve("home");
        var result = new Importer(new Catalog(List.of(entry)), new VoiceStore(home)).importFrom(dir.resolve("usb"));
        assertThat(result.refused()).isEmpty();
        assertThat(result.installed()).extracting(v -> v.id()).containsExactly(SupertonicEngine.MODEL_ID);
        try (SupertonicEngine engine = new SupertonicEngine(new VoiceStore(home), SupertonicSettings.defaults())) {
            assertThat(engine.voices()).extracting(v -> v.id()).containsExactly("supertonic-3:F2");
        }

        // A tampered copy is refused and leaves nothing installed.
        Path tamperedHome = dir.resolve("home2");
        Files.write(source.resolve("onnx/tts.json"), "{}".getBytes());
        var tampered = new Importer(new Catalog(List.of(entry)), new VoiceStore(tamperedHome))
                .importFrom(dir.resolve("usb"));
        assertThat(tampered.installed()).isEmpty();
        assertThat(tamperedHome.resolve("voices").resolve(SupertonicEngine.MODEL_ID)).doesNotExist();
    }

    @Test
    void pulled_files_keep_their_layout_and_the_engine_speaks_with_them() throws Exception {
        Path source = SyntheticSupertonicModel.write(dir.resolve("repo"), SyntheticSupertonicModel.Estimator.ANNIHILATING,
                SyntheticSupertonicModel.Compute.NONE, "F1", "M1");
        List<CatalogFile> files = new ArrayList<>();
        try (LocalHub hub = new LocalHub(); Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = source.relativize(p).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(p);
                hub.put("/" + rel, bytes);
                files.add(new CatalogFile(rel, bytes.length, LocalHub.sha256(bytes), null, false, rel));
            }
            CatalogEntry entry = new CatalogEntry(SupertonicEngine.MODEL_ID, SupertonicEngine.ID, "multi", null, 2,
                    SupertonicEngine.LICENCE, "", true, "https://example.invalid/", files);
            Path home = dir.resolve("home");
            new Downloader(hub.base()).pull(entry, new VoiceStore(home), Downloader.Listener.NONE);

            Path installed = home.resolve("voices").resolve(SupertonicEngine.MODEL_ID);
            for (String required : SupertonicEngine.REQUIRED_FILES) assertThat(installed.resolve(required)).isRegularFile();
            try (SupertonicEngine engine = new SupertonicEngine(new VoiceStore(home), SupertonicSettings.defaults())) {
                assertThat(engine.voices()).extracting(v -> v.id())
                        .contains("supertonic-3:F1", "supertonic-3:M1");
                assertThat(engine.voice("supertonic-3:F1").orElseThrow().modelVersion())
                        .as("cache keys change when the installed graphs or the style change")
                        .contains("vector_estimator.onnx:", "F1.json:");
            }
        }
    }
}
