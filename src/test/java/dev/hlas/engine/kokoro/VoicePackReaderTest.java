package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.error.ModelBroken;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.kokoro.NpzWriter;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoicePackReaderTest {
    @TempDir
    Path dir;

    @Test
    void reads_every_voice_of_an_npz_pack_in_order() throws Exception {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("af_heart", KokoroFixtures.voice(0.01));
        arrays.put("bm_george", KokoroFixtures.voice(0.02));
        Path pack = NpzWriter.write(dir.resolve("voices-v1.0.bin"), arrays, "510, 1, 256");

        Map<String, VoicePack> voices = VoicePackReader.readNpz(pack);

        assertThat(voices).containsOnlyKeys("af_heart", "bm_george");
        assertThat(voices.get("bm_george").styles()).containsExactly(arrays.get("bm_george"));
        // the row is chosen by token count
        assertThat(voices.get("af_heart").style(37)[0]).isEqualTo((float) (0.01 + 37 * KokoroFixtures.ROW_STEP));
        assertThat(voices.get("af_heart").style(900)[255]).isEqualTo((float) (0.01 + 509 * KokoroFixtures.ROW_STEP));
    }

    @Test
    void a_pack_with_a_wrong_shape_is_refused_naming_entry_and_shape() throws Exception {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("af_heart", KokoroFixtures.voice(0.01));
        arrays.put("af_broken", KokoroFixtures.voice(0.02));
        Path pack = dir.resolve("voices-v1.0.bin");
        // af_broken is written transposed: (256, 1, 510), the same number of floats
        try (var zip = new ZipOutputStream(Files.newOutputStream(pack))) {
            for (var e : arrays.entrySet()) {
                byte[] npy = NpzWriter.npy(e.getValue(), e.getKey().equals("af_broken") ? "256, 1, 510" : "510, 1, 256");
                var entry = new ZipEntry(e.getKey() + ".npy");
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        }
        assertThatThrownBy(() -> VoicePackReader.readNpz(pack))
                .isInstanceOf(ModelBroken.class)
                .hasMessageContaining("af_broken.npy")
                .hasMessageContaining("(256, 1, 510)")
                .hasMessageContaining("(510, 1, 256)");
    }

    @Test
    void the_engine_refuses_to_load_an_install_whose_pack_has_a_wrong_shape() throws Exception {
        Path install = dir.resolve("voices/kokoro");
        SyntheticKokoroModel.write(install.resolve("kokoro-v1.0.onnx"), SyntheticKokoroModel.Flavour.V1_0);
        NpzWriter.write(install.resolve("voices-v1.0.bin"), Map.of("af_heart", new float[510 * 128]), "510, 1, 128");
        assertThatThrownBy(() -> KokoroEngine.open(install, EspeakNative.load(null, null), KokoroSettings.defaults()))
                .isInstanceOf(ModelBroken.class)
                .hasMessageContaining("voices-v1.0.bin entry af_heart.npy has shape (510, 1, 128)");
    }

    @Test
    void a_pack_of_float64_values_is_refused() {
        byte[] npy = NpzWriter.npy(new float[VoicePack.FLOATS], "510, 1, 256");
        byte[] f8 = new String(npy, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<f8'")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> VoicePackReader.parseNpy(f8, "x.npy")).hasMessageContaining("'<f8'");
    }

    @Test
    void single_bin_voices_must_be_exactly_522240_bytes() throws Exception {
        Path good = NpzWriter.writeRaw(dir.resolve("af_sky.bin"), KokoroFixtures.voice(0.04));
        assertThat(VoicePackReader.readBin(good).name()).isEqualTo("af_sky");
        assertThat(VoicePackReader.readBin(good).style(5)[3]).isEqualTo((float) (0.04 + 5 * KokoroFixtures.ROW_STEP));
        Path truncated = NpzWriter.writeRaw(dir.resolve("af_cut.bin"), new float[1000]);
        assertThatThrownBy(() -> VoicePackReader.readBin(truncated))
                .isInstanceOf(ModelBroken.class)
                .hasMessageContaining("af_cut.bin has 4000 bytes")
                .hasMessageContaining("522240");
    }

    @Test
    void a_file_that_is_not_a_zip_is_refused_clearly() throws Exception {
        Path junk = Files.writeString(dir.resolve("voices-v1.0.bin"), "<html>rate limited</html>");
        assertThatThrownBy(() -> VoicePackReader.readNpz(junk))
                .isInstanceOf(ModelBroken.class)
                .hasMessageContaining("voices-v1.0.bin");
    }
}
