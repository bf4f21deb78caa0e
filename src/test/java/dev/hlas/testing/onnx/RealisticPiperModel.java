package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * A Piper-signature model with the compute of a real voice, for benchmarks: ids → embedding → each id held 3 frames
 * × length_scale → N × (MatMul + Tanh), cycling 4 weight matrices → 256 samples per frame.
 * Same inputs and rank-4 output as a real Piper voice; output length = T · ceil(3 · length_scale) · 256 samples.
 * The weights are pseudo-random (seeded), scaled so Tanh stays out of saturation; the audio is noise, the cost is
 * what matters. Generated at bench time; never committed.
 */
public final class RealisticPiperModel {
    public static final int HOP = 256;
    public static final int FRAMES_PER_ID = 3;

    private RealisticPiperModel() {
    }

    /**
     * @param width  hidden width (the benchmarks use 1024)
     * @param layers MatMul+Tanh layers per frame (calibrate for RTF 0.1–0.2 at one thread)
     */
    public static Path write(Path file, int width, int layers) throws IOException {
        OnnxGraph g = new OnnxGraph("piper-realistic");
        g.input("input", OnnxGraph.INT64, 1, "phonemes");
        g.input("input_lengths", OnnxGraph.INT64, 1);
        g.input("scales", OnnxGraph.FLOAT, 3);
        SplittableRandom random = new SplittableRandom(42);
        String embedding = g.floats("embedding", new long[]{256, width}, randoms(random, 256 * width, 1f));
        String[] weights = new String[4];
        float scale = (float) (1.5 / Math.sqrt(width));
        for (int i = 0; i < 4; i++) {
            weights[i] = g.floats("w" + i, new long[]{width, width}, randoms(random, width * width, scale));
        }
        String projection = g.floats("projection", new long[]{width, HOP}, randoms(random, width * HOP, scale));

        String emb = g.op("Gather", List.of(embedding, "input"), Attr.i("axis", 0)); // [1,T,W]
        String lengthScale = g.op("Gather", List.of("scales", g.longs("one", new long[0], 1)), Attr.i("axis", 0));
        String frames = g.op("Ceil", List.of(g.op("Mul", List.of(lengthScale, g.scalar("three", FRAMES_PER_ID)))));
        String framesI = g.op("Unsqueeze", List.of(g.op("Cast", List.of(frames), Attr.i("to", OnnxGraph.INT64)),
                g.vector("axis0", 0)));
        String repeats = g.op("Concat", List.of(g.vector("ones2", 1, 1), framesI, g.vector("ones1", 1)),
                Attr.i("axis", 0));
        String held = g.op("Tile", List.of(g.op("Unsqueeze", List.of(emb, g.vector("axis2", 2))), repeats));
        String x = g.op("Reshape", List.of(held, g.vector("flat", -1, width))); // [T·F, W]
        for (int layer = 0; layer < layers; layer++) {
            x = g.op("Tanh", List.of(g.op("MatMul", List.of(x, weights[layer % 4]))));
        }
        String samples = g.op("Tanh", List.of(g.op("MatMul", List.of(x, projection))));
        g.node("Reshape", List.of(samples, g.vector("out_shape", 1, 1, 1, -1)), List.of("output"));
        g.output("output", OnnxGraph.FLOAT, 1, 1, 1, "samples");
        // What sherpa-onnx reads to run it as an English Piper voice (FirstAudioBench times it there too).
        g.metadata("model_type", "vits").metadata("comment", "piper").metadata("language", "English")
                .metadata("voice", "en-us").metadata("has_espeak", "1").metadata("n_speakers", "1")
                .metadata("sample_rate", "22050");
        return g.write(file);
    }

    private static float[] randoms(SplittableRandom random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        return v;
    }
}
