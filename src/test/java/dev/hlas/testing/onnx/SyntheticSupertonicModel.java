package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * A Supertonic model directory laid out like the Hugging Face repository, with graphs of Supertonic's exact
 * signatures, computing these recipes:
 * <ul>
 *   <li>duration predictor: {@code duration = 0.06 · ReduceSum(text_mask)} seconds;</li>
 *   <li>text encoder: {@code text_emb = ids · mask · 0.001} broadcast to [B,256,T];</li>
 *   <li>vector estimator, {@link Estimator#ANNIHILATING}: {@code x · latent_mask · (total−cur−1)/(total−cur)}, which is
 *       exactly 0 after the last step, NaN if run once more, and non-zero if run fewer times; or
 *       {@link Estimator#DAMPING}: {@code x · latent_mask · 0.5}, which keeps the starting noise audible;</li>
 *   <li>vocoder: {@code tanh(mean_channels(latent) per frame, repeated 3072× + 0.3·sin(0.05·n))}.</li>
 * </ul>
 * Plus {@code tts.json}, a 65,536-entry {@code unicode_indexer.json} and voice style files.
 *
 * <p>The indexer covers printable ASCII (ids 1–95 for U+0020–U+007E) and the combining marks U+0300–U+036F (ids
 * 96–207) that NFKD produces for accented letters; everything else is {@code -1}.
 *
 * <p>With {@link Compute} other than {@link Compute#NONE}, the vector estimator and vocoder also run stacks of
 * {@code width×width} MatMul+Tanh layers per latent frame, standing in for the real models' cost in benchmarks.
 */
public final class SyntheticSupertonicModel {
    public static final int SAMPLE_RATE = 44100;
    public static final int BASE_CHUNK = 512;
    public static final int COMPRESS = 6;
    public static final int LATENT_DIM = 24;
    public static final int CHANNELS = LATENT_DIM * COMPRESS;
    public static final int FRAME = BASE_CHUNK * COMPRESS;
    public static final double SECONDS_PER_ID = 0.06;

    /** Which vector-estimator recipe to write. */
    public enum Estimator { ANNIHILATING, DAMPING }

    /**
     * Extra compute per latent frame.
     *
     * @param width          MatMul width
     * @param estimatorLayers layers in the vector estimator, per step
     * @param vocoderLayers  layers in the vocoder, on 6 rows per latent frame
     */
    public record Compute(int width, int estimatorLayers, int vocoderLayers) {
        public static final Compute NONE = new Compute(0, 0, 0);
    }

    private SyntheticSupertonicModel() {
    }

    /** Token id of a character in the synthetic indexer, or -1. */
    public static int id(int codePoint) {
        if (codePoint >= 0x20 && codePoint <= 0x7E) return codePoint - 0x20 + 1;
        if (codePoint >= 0x300 && codePoint <= 0x36F) return codePoint - 0x300 + 96;
        return -1;
    }

    /** Writes a complete model directory with the given styles (e.g. F1, M1). */
    public static Path write(Path dir, Estimator estimator, Compute compute, String... styles) throws IOException {
        Path onnx = dir.resolve("onnx");
        Files.createDirectories(onnx);
        durationPredictor().write(onnx.resolve("duration_predictor.onnx"));
        textEncoder().write(onnx.resolve("text_encoder.onnx"));
        vectorEstimator(estimator, compute).write(onnx.resolve("vector_estimator.onnx"));
        vocoder(compute).write(onnx.resolve("vocoder.onnx"));
        Files.writeString(onnx.resolve("tts.json"), """
                {"tts_version": "synthetic", "ae": {"sample_rate": %d, "base_chunk_size": %d},
                 "ttl": {"chunk_compress_factor": %d, "latent_dim": %d}}
                """.formatted(SAMPLE_RATE, BASE_CHUNK, COMPRESS, LATENT_DIM));
        StringBuilder indexer = new StringBuilder(65536 * 3).append('[');
        for (int c = 0; c < 65536; c++) {
            if (c > 0) indexer.append(',');
            indexer.append(id(c));
        }
        Files.writeString(onnx.resolve("unicode_indexer.json"), indexer.append(']'));
        Path styleDir = Files.createDirectories(dir.resolve("voice_styles"));
        for (String style : styles) Files.writeString(styleDir.resolve(style + ".json"), styleJson(style));
        return dir;
    }

    private static String styleJson(String style) {
        Random random = new Random(style.hashCode());
        return "{\"style_ttl\":" + tensorJson(random, 50, 256) + ",\"style_dp\":" + tensorJson(random, 8, 16) + "}";
    }

    private static String tensorJson(Random random, int rows, int cols) {
        StringBuilder b = new StringBuilder("{\"dims\":[1," + rows + "," + cols + "],\"data\":[[");
        for (int r = 0; r < rows; r++) {
            if (r > 0) b.append(',');
            b.append('[');
            for (int c = 0; c < cols; c++) {
                if (c > 0) b.append(',');
                b.append((float) (random.nextGaussian() * 0.1));
            }
            b.append(']');
        }
        return b.append("]]}").toString();
    }

    static OnnxGraph durationPredictor() {
        OnnxGraph g = new OnnxGraph("supertonic-dp");
        g.input("text_ids", OnnxGraph.INT64, "batch", "text");
        g.input("style_dp", OnnxGraph.FLOAT, "batch", 8, 16);
        g.input("text_mask", OnnxGraph.FLOAT, "batch", 1, "text");
        String sum = g.op("ReduceSum", List.of("text_mask", g.vector("axes12", 1, 2)), Attr.i("keepdims", 0));
        g.node("Mul", List.of(sum, g.scalar("per_id", (float) SECONDS_PER_ID)), List.of("duration"));
        g.output("duration", OnnxGraph.FLOAT, "batch");
        return g;
    }

    static OnnxGraph textEncoder() {
        OnnxGraph g = new OnnxGraph("supertonic-te");
        g.input("text_ids", OnnxGraph.INT64, "batch", "text");
        g.input("style_ttl", OnnxGraph.FLOAT, "batch", 50, 256);
        g.input("text_mask", OnnxGraph.FLOAT, "batch", 1, "text");
        String ids = g.op("Unsqueeze", List.of(g.op("Cast", List.of("text_ids"), Attr.i("to", OnnxGraph.FLOAT)),
                g.vector("axis1", 1)));
        String masked = g.op("Mul", List.of(ids, "text_mask"));
        String scale = g.op("ConstantOfShape", List.of(g.vector("emb_shape", 1, 256, 1)),
                Attr.floatTensor("value", new long[]{1}, 0.001f));
        g.node("Mul", List.of(masked, scale), List.of("text_emb"));
        g.output("text_emb", OnnxGraph.FLOAT, "batch", 256, "text");
        return g;
    }

    static OnnxGraph vectorEstimator(Estimator estimator, Compute compute) {
        OnnxGraph g = new OnnxGraph("supertonic-ve");
        g.input("noisy_latent", OnnxGraph.FLOAT, "batch", CHANNELS, "latent");
        g.input("text_emb", OnnxGraph.FLOAT, "batch", 256, "text");
        g.input("style_ttl", OnnxGraph.FLOAT, "batch", 50, 256);
        g.input("latent_mask", OnnxGraph.FLOAT, "batch", 1, "latent");
        g.input("text_mask", OnnxGraph.FLOAT, "batch", 1, "text");
        g.input("current_step", OnnxGraph.FLOAT, "batch");
        g.input("total_step", OnnxGraph.FLOAT, "batch");
        String masked = g.op("Mul", List.of("noisy_latent", "latent_mask"));
        String factor;
        if (estimator == Estimator.ANNIHILATING) {
            String left = g.op("Sub", List.of("total_step", "current_step"));
            String num = g.op("Sub", List.of(left, g.scalar("one", 1f)));
            factor = g.op("Unsqueeze", List.of(g.op("Div", List.of(num, left)), g.vector("axes12", 1, 2)));
        } else {
            factor = g.scalar("half", 0.5f);
        }
        String out = g.op("Mul", List.of(masked, factor));
        if (compute.estimatorLayers() > 0) {
            // [B,144,L] → [B,L,144] → MLP → [B,L,144] → [B,144,L], added at a small weight
            String rows = g.op("Transpose", List.of("noisy_latent"), Attr.ints("perm", 0, 2, 1));
            String h = mlp(g, "ve", rows, CHANNELS, CHANNELS, compute.width(), compute.estimatorLayers());
            String back = g.op("Transpose", List.of(h), Attr.ints("perm", 0, 2, 1));
            out = g.op("Add", List.of(out, g.op("Mul", List.of(g.op("Mul", List.of(back, "latent_mask")),
                    g.scalar("ve_weight", 0.01f)))));
        }
        g.node("Identity", List.of(out), List.of("denoised_latent"));
        g.output("denoised_latent", OnnxGraph.FLOAT, "batch", CHANNELS, "latent");
        return g;
    }

    static OnnxGraph vocoder(Compute compute) {
        OnnxGraph g = new OnnxGraph("supertonic-vocoder");
        g.input("latent", OnnxGraph.FLOAT, "batch", CHANNELS, "latent");
        String mean = g.op("ReduceMean", List.of("latent"), Attr.ints("axes", 1), Attr.i("keepdims", 0));
        String perFrame = g.op("Unsqueeze", List.of(mean, g.vector("axis2", 2)));
        String repeated = g.op("Expand", List.of(perFrame, g.vector("repeat", 1, 1, FRAME)));
        String flat = g.op("Reshape", List.of(repeated, g.vector("flat", 0, -1)));
        String n = g.op("Gather", List.of(g.op("Shape", List.of(flat)), g.longs("idx1", new long[0], 1)),
                Attr.i("axis", 0));
        String range = g.op("Range", List.of(g.scalar("zero", 0f), g.op("Cast", List.of(n),
                Attr.i("to", OnnxGraph.FLOAT)), g.scalar("step", 1f)));
        String sine = g.op("Mul", List.of(g.op("Sin", List.of(g.op("Mul", List.of(range, g.scalar("freq", 0.05f))))),
                g.scalar("amp", 0.3f)));
        String sum = g.op("Add", List.of(flat, sine));
        if (compute.vocoderLayers() > 0) {
            // [B,144,L] → [B,L,144] → [B,6L,24] → MLP → [B,6L,512] → [B,3072L], added at a small weight
            String rows = g.op("Transpose", List.of("latent"), Attr.ints("perm", 0, 2, 1));
            String fine = g.op("Reshape", List.of(rows, g.vector("fine", 0, -1, LATENT_DIM)));
            String h = mlp(g, "voc", fine, LATENT_DIM, BASE_CHUNK, compute.width(), compute.vocoderLayers());
            String wave = g.op("Reshape", List.of(h, g.vector("flat2", 0, -1)));
            sum = g.op("Add", List.of(sum, g.op("Mul", List.of(wave, g.scalar("voc_weight", 0.01f)))));
        }
        g.node("Tanh", List.of(sum), List.of("wav_tts"));
        g.output("wav_tts", OnnxGraph.FLOAT, "batch", "samples");
        return g;
    }

    /** in → MatMul[in,width] → (Tanh → MatMul[width,width]) × layers, cycling 4 matrices → Tanh → MatMul[width,out]. */
    private static String mlp(OnnxGraph g, String prefix, String x, int in, int out, int width, int layers) {
        Random random = new Random(prefix.hashCode());
        String h = g.op("MatMul", List.of(x, weights(g, prefix + "_in", in, width, random)));
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < Math.min(4, layers); i++) shared.add(weights(g, prefix + "_w" + i, width, width, random));
        for (int i = 0; i < layers; i++) {
            h = g.op("MatMul", List.of(g.op("Tanh", List.of(h)), shared.get(i % shared.size())));
        }
        return g.op("MatMul", List.of(g.op("Tanh", List.of(h)), weights(g, prefix + "_out", width, out, random)));
    }

    private static String weights(OnnxGraph g, String name, int rows, int cols, Random random) {
        float[] w = new float[rows * cols];
        float scale = (float) (1.0 / Math.sqrt(rows));
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextGaussian() * scale;
        return g.floats(name, new long[]{rows, cols}, w);
    }
}
