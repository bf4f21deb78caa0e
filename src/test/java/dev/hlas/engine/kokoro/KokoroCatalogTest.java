package dev.hlas.engine.kokoro;

import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled catalog pins the published Kokoro files by size and hash and lands them where the loader looks. */
class KokoroCatalogTest {
    private final KokoroCatalog catalog = KokoroCatalog.load();

    @Test
    void default_is_the_fp32_release_model_with_the_npz_pack() {
        KokoroCatalog.Variant fp32 = catalog.defaults();
        assertThat(fp32.name()).isEqualTo("fp32");
        assertThat(fp32.files()).extracting(KokoroCatalog.CatalogFile::path)
                .containsExactly("kokoro-v1.0.onnx", "voices-v1.0.bin");
        KokoroCatalog.CatalogFile model = fp32.files().getFirst();
        assertThat(model.url()).isEqualTo(
                "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/kokoro-v1.0.onnx");
        assertThat(model.size()).isEqualTo(325_532_387L);
        assertThat(model.sha256()).isEqualTo("7d5df8ecf7d4b1878015a32686053fd0eebe2bc377234608764cc0ef3636a6c5");
        KokoroCatalog.CatalogFile pack = fp32.files().get(1);
        assertThat(pack.size()).isEqualTo(28_214_398L);
        assertThat(pack.sha256()).isEqualTo("bca610b8308e8d99f32e6fe4197e7ec01679264efed0cac9140fe9c29f1fbf7d");
        assertThat(catalog.installDir()).isEqualTo(KokoroInstall.DIRECTORY);
        assertThat(catalog.licence()).isEqualTo("Apache-2.0");
    }

    @Test
    void int8_and_fp16_are_offered_but_not_default() {
        assertThat(catalog.variant("int8").orElseThrow().files().getFirst().sha256())
                .isEqualTo("6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb");
        assertThat(catalog.variant("fp16")).isPresent();
    }

    @Test
    void all_54_single_voices_are_pinned_at_the_hugging_face_commit() {
        assertThat(catalog.voiceFiles()).hasSize(54);
        KokoroCatalog.CatalogFile heart = catalog.voiceFiles().get("af_heart");
        assertThat(heart.path()).isEqualTo("voices/af_heart.bin");
        assertThat(heart.size()).isEqualTo(VoicePack.BYTES);
        assertThat(heart.sha256()).isEqualTo("d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b");
        assertThat(heart.url()).isEqualTo("https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/"
                + "1939ad2a8e416c0acfeecc08a694d14ef25f2231/voices/af_heart.bin");
        assertThat(catalog.hfModel().path()).isEqualTo("onnx/model.onnx");
        assertThat(catalog.hfModel().size()).isEqualTo(325_532_232L);
        // every voice name has a language and gender prefix the engine understands
        assertThat(catalog.voiceFiles().keySet()).allSatisfy(n -> assertThat(n).matches("[abefhijpz][fm]_[a-z]+"));
    }

    @Test
    void the_voice_store_catalog_pulls_the_fp32_default_into_the_layout_the_engine_reads() {
        CatalogEntry entry = Catalog.builtIn().find("kokoro").orElseThrow();
        assertThat(entry.engine()).isEqualTo(KokoroEngine.ID);
        assertThat(entry.licence()).isEqualTo("Apache-2.0");
        // the store installs voices/<id>/<last path segment>: voices/kokoro/kokoro-v1.0.onnx and voices-v1.0.bin
        assertThat("voices/" + entry.id()).isEqualTo(KokoroInstall.DIRECTORY);
        assertThat(entry.files()).extracting(CatalogFile::fileName)
                .containsExactly(KokoroInstall.MODEL_PREFERENCE.getFirst(), KokoroInstall.PACK);
        for (int i = 0; i < 2; i++) {
            KokoroCatalog.CatalogFile pinned = catalog.defaults().files().get(i);
            assertThat(entry.files().get(i).sha256()).isEqualTo(pinned.sha256());
            assertThat(entry.files().get(i).size()).isEqualTo(pinned.size());
            assertThat(entry.url(entry.files().get(i)).toString()).isEqualTo(pinned.url());
        }
    }
}
