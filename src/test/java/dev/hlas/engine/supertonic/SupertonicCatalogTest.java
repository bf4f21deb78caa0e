package dev.hlas.engine.supertonic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped catalog entry matches the downloads spec and what the engine's loader needs. */
class SupertonicCatalogTest {
    private final SupertonicCatalog catalog = SupertonicCatalog.supertonic3();

    @Test
    void pins_the_archive_repository_at_a_commit() {
        assertThat(catalog.repo()).isEqualTo("supertone-oss-archive/supertonic-3");
        assertThat(catalog.revision()).isEqualTo("aafc6e32416a594460b32413efc49d7fe4ce6d46");
        assertThat(catalog.url(catalog.files().getFirst())).isEqualTo("https://huggingface.co/"
                + "supertone-oss-archive/supertonic-3/resolve/aafc6e32416a594460b32413efc49d7fe4ce6d46/"
                + "onnx/duration_predictor.onnx");
    }

    @Test
    void lists_the_16_runtime_files_with_sizes_and_digests_from_the_spec() {
        assertThat(catalog.files()).hasSize(16);
        assertThat(catalog.totalSize()).isEqualTo(401_276_744L);
        assertThat(catalog.files()).filteredOn(f -> f.path().equals("onnx/vector_estimator.onnx")).singleElement()
                .satisfies(f -> {
                    assertThat(f.size()).isEqualTo(256_534_781L);
                    assertThat(f.sha256()).isEqualTo(
                            "883ac868ea0275ef0e991524dc64f16b3c0376efd7c320af6b53f5b780d7c61c");
                });
    }

    @Test
    void covers_every_file_the_engine_needs_and_all_ten_styles() {
        assertThat(catalog.files()).extracting(SupertonicCatalog.CatalogFile::path)
                .containsAll(SupertonicEngine.REQUIRED_FILES)
                .contains("voice_styles/F1.json", "voice_styles/F5.json", "voice_styles/M1.json",
                        "voice_styles/M5.json")
                .doesNotHaveDuplicates();
        assertThat(catalog.installDir()).isEqualTo("voices/" + SupertonicEngine.MODEL_ID);
        assertThat(catalog.engine()).isEqualTo(SupertonicEngine.ID);
    }

    @Test
    void carries_the_licence_and_asks_for_acceptance() {
        assertThat(catalog.licenceId()).isEqualTo(SupertonicEngine.LICENCE);
        assertThat(catalog.requiresAcceptance()).isTrue();
        assertThat(catalog.licenceNotice()).contains("Open RAIL-M").contains("restrictions");
    }
}
