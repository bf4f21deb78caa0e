package dev.hlas.testing.kokoro;

import dev.hlas.engine.kokoro.VoicePack;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Kokoro install made of generated files: a synthetic model and a voices pack. */
public final class KokoroFixtures {
    /** Per-row step of a test voice: row r holds {@code base + r·ROW_STEP}, so the style mean names the row. */
    public static final double ROW_STEP = 1e-5;

    private KokoroFixtures() {
    }

    /** A test voice: every value of row r is {@code base + r·ROW_STEP}. */
    public static float[] voice(double base) {
        float[] v = new float[VoicePack.FLOATS];
        for (int r = 0; r < VoicePack.ROWS; r++) {
            for (int c = 0; c < VoicePack.STYLE_DIM; c++) v[r * VoicePack.STYLE_DIM + c] = (float) (base + r * ROW_STEP);
        }
        return v;
    }

    /** The standard test voices and their bases. */
    public static Map<String, Double> standardVoices() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("af_heart", 0.010);
        m.put("af_alloy", 0.020);
        m.put("af_bella", 0.010);
        m.put("af_sky", 0.040);
        m.put("am_echo", 0.030);
        m.put("bm_fable", 0.025);
        m.put("ef_dora", 0.015);
        return m;
    }

    /**
     * Writes {@code home/voices/kokoro/} with a model of the given flavour and {@code voices-v1.0.bin}.
     *
     * @return the install directory
     */
    public static Path install(Path home, SyntheticKokoroModel.Flavour flavour) throws IOException {
        Path dir = home.resolve("voices/kokoro");
        SyntheticKokoroModel.write(dir.resolve("kokoro-v1.0.onnx"), flavour);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        standardVoices().forEach((name, base) -> arrays.put(name, voice(base)));
        NpzWriter.write(dir.resolve("voices-v1.0.bin"), arrays, "510, 1, 256");
        return dir;
    }

    /** Builds an install as {@link #install} does and commits it to {@code store} as {@code kokoro}, as a pull would. */
    public static InstalledVoice installInStore(VoiceStore store, SyntheticKokoroModel.Flavour flavour)
            throws IOException {
        Path scratch = Files.createTempDirectory("hlas-kokoro-fixture");
        Path dir = install(scratch, flavour);
        return StoreInstall.commit(store, dir, "kokoro", "kokoro");
    }
}
