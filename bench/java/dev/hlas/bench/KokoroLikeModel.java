package dev.hlas.bench;

import dev.hlas.testing.onnx.OnnxGraph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * A model with Kokoro v1.0's signature ({@code tokens}, {@code style}, float {@code speed} → {@code audio} [N]) and
 * a Kokoro-like cost: an embedding, {@code tokenLayers} dense layers per token (text encoder), each token held for 2
 * frames of 600 samples (≈ 50 ms per phoneme, as real speech), then {@code frameLayers} dense layers per frame
 * (decoder) and a projection to 600 samples per frame. Layers cycle two weight matrices so the file stays small.
 * Cost grows linearly with the token count, like the real model's.
 */
final class KokoroLikeModel {
    private KokoroLikeModel() {
    }

    static Path write(Path file, int dim, int tokenLayers, int frameLayers) throws IOException {
        Random random = new Random(42);
        OnnxGraph g = new OnnxGraph("kokoro-like");
        g.input("tokens", OnnxGraph.INT64, 1, "tokens");
        g.input("style", OnnxGraph.FLOAT, 1, 256);
        g.input("speed", OnnxGraph.FLOAT, 1);
        String emb = g.floats("embedding", new long[]{178, dim}, randoms(random, 178 * dim, 1f));
        String[] w = {g.floats("w0", new long[]{dim, dim}, randoms(random, dim * dim, (float) (1 / Math.sqrt(dim)))),
                g.floats("w1", new long[]{dim, dim}, randoms(random, dim * dim, (float) (1 / Math.sqrt(dim))))};
        String out = g.floats("w_out", new long[]{dim, 600}, randoms(random, dim * 600, (float) (1 / Math.sqrt(dim))));

        String x = g.op("Gather", List.of(emb, "tokens"), Attr.i("axis", 0));
        x = g.op("Reshape", List.of(x, g.vector("rows", -1, dim)));
        x = g.op("Add", List.of(x, g.op("ReduceMean", List.of("style"), Attr.i("keepdims", 0))));
        x = g.op("Div", List.of(x, g.op("Gather", List.of("speed", g.longs("zero", new long[0], 0)), Attr.i("axis", 0))));
        for (int i = 0; i < tokenLayers; i++) x = g.op("Tanh", List.of(g.op("MatMul", List.of(x, w[i % 2]))));
        x = g.op("Unsqueeze", List.of(x, g.vector("axis1", 1)));
        x = g.op("Tile", List.of(x, g.vector("two_frames", 1, 2, 1)));
        x = g.op("Reshape", List.of(x, g.vector("frames", -1, dim)));
        for (int i = 0; i < frameLayers; i++) x = g.op("Tanh", List.of(g.op("MatMul", List.of(x, w[i % 2]))));
        x = g.op("Mul", List.of(g.op("Tanh", List.of(g.op("MatMul", List.of(x, out)))), g.scalar("amp", 0.5f)));
        g.node("Reshape", List.of(x, g.vector("flat", -1)), List.of("audio"));
        g.output("audio", OnnxGraph.FLOAT, "samples");
        return g.write(file);
    }

    private static float[] randoms(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextGaussian() * scale);
        return v;
    }
}
