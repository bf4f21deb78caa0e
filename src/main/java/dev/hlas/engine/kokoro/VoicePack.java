package dev.hlas.engine.kokoro;

import java.util.List;

/**
 * One Kokoro voice: 510 style vectors of 256 floats, one per input length (see docs/ENGINES.md, "Kokoro"). Row {@code n} is
 * the style for a chunk of {@code n} tokens; the first 128 values steer the decoder, the rest the prosody.
 *
 * @param name   voice name ({@code af_heart}) or blend expression
 * @param styles row-major {@code [510][256]}; owned by the pack, never modified
 */
public record VoicePack(String name, float[] styles) {
    public static final int ROWS = 510;
    public static final int STYLE_DIM = 256;
    public static final int FLOATS = ROWS * STYLE_DIM;
    /** Size of a raw per-voice {@code .bin} file: float32 {@code [510,1,256]}. */
    public static final int BYTES = FLOATS * Float.BYTES;

    public VoicePack {
        if (styles.length != FLOATS) {
            throw new IllegalArgumentException("voice " + name + " has " + styles.length + " values, not " + FLOATS);
        }
    }

    /** The style row for a chunk of {@code tokenCount} tokens (pads excluded), as kokoro-onnx picks it. */
    public float[] style(int tokenCount) {
        int row = Math.clamp(tokenCount, 0, ROWS - 1);
        float[] style = new float[STYLE_DIM];
        System.arraycopy(styles, row * STYLE_DIM, style, 0, STYLE_DIM);
        return style;
    }

    /**
     * A weighted mix of packs: {@code Σ wᵢ·packᵢ / Σ wᵢ}, over the whole pack so that the row is still chosen by
     * length afterwards (see docs/ENGINES.md, "Kokoro").
     */
    public static VoicePack blend(String name, List<VoicePack> packs, List<Double> weights) {
        if (packs.isEmpty() || packs.size() != weights.size()) {
            throw new IllegalArgumentException("a blend needs one weight per voice");
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        float[] mixed = new float[FLOATS];
        for (int p = 0; p < packs.size(); p++) {
            float w = (float) (weights.get(p) / total);
            float[] s = packs.get(p).styles();
            for (int i = 0; i < FLOATS; i++) mixed[i] += w * s[i];
        }
        return new VoicePack(name, mixed);
    }
}
