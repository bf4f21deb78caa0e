package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * Models with the signatures of the three published Kokoro exports. Each computes
 * {@code N = T · Round(600 / speed)} samples (T = token count including the two pads) of
 * {@code 0.5 · sin(n · (0.05 + mean(style)))}, so tests can read back both the length and which style row the
 * engine fed in: {@code mean(style) = asin(2·x[1]) − 0.05}.
 */
public final class SyntheticKokoroModel {
    /** Base angular frequency, radians per sample, before the style's mean is added. */
    public static final double BASE_FREQUENCY = 0.05;

    /** The three export flavours. */
    public enum Flavour {
        /** kokoro-onnx {@code model-files-v1.0}: {@code tokens}, float speed → {@code audio} [N]. */
        V1_0("tokens", OnnxGraph.FLOAT),
        /** hexgrad {@code examples/export.py}: {@code input_ids}, int32 speed → {@code waveform} [N], {@code duration}. */
        HEXGRAD("input_ids", OnnxGraph.INT32),
        /** onnx-community: {@code input_ids}, float speed → {@code waveform} [1,N]. */
        COMMUNITY("input_ids", OnnxGraph.FLOAT);

        final String tokens;
        final int speedType;

        Flavour(String tokens, int speedType) {
            this.tokens = tokens;
            this.speedType = speedType;
        }
    }

    private SyntheticKokoroModel() {
    }

    public static Path write(Path file, Flavour flavour) throws IOException {
        OnnxGraph g = new OnnxGraph("kokoro-synthetic-" + flavour.name().toLowerCase());
        g.input(flavour.tokens, OnnxGraph.INT64, 1, "tokens");
        g.input("style", OnnxGraph.FLOAT, 1, 256);
        g.input("speed", flavour.speedType, 1);

        String shape = g.op("Shape", List.of(flavour.tokens));
        String t = g.op("Gather", List.of(shape, g.longs("one", new long[0], 1)), Attr.i("axis", 0));
        String speed = g.op("Cast", List.of(g.op("Gather", List.of("speed", g.longs("zero_i", new long[0], 0)),
                Attr.i("axis", 0))), Attr.i("to", OnnxGraph.FLOAT));
        String perToken = g.op("Round", List.of(g.op("Div", List.of(g.scalar("frame", 600f), speed))));
        String samples = g.op("Mul", List.of(g.op("Cast", List.of(t), Attr.i("to", OnnxGraph.FLOAT)), perToken));
        String range = g.op("Range", List.of(g.scalar("zero", 0f), samples, g.scalar("step", 1f)));
        String mean = g.op("ReduceMean", List.of("style"), Attr.i("keepdims", 0));
        String freq = g.op("Add", List.of(g.scalar("base", (float) BASE_FREQUENCY), mean));
        String wave = g.op("Mul", List.of(g.op("Sin", List.of(g.op("Mul", List.of(range, freq)))),
                g.scalar("amp", 0.5f)));
        switch (flavour) {
            case V1_0 -> {
                g.node("Identity", List.of(wave), List.of("audio"));
                g.output("audio", OnnxGraph.FLOAT, "samples");
            }
            case HEXGRAD -> {
                g.node("Identity", List.of(wave), List.of("waveform"));
                String perTokenInt = g.op("Cast", List.of(perToken), Attr.i("to", OnnxGraph.INT64));
                String tVector = g.op("Unsqueeze", List.of(t, g.vector("axis0", 0)));
                g.node("Expand", List.of(perTokenInt, tVector), List.of("duration"));
                g.output("waveform", OnnxGraph.FLOAT, "samples");
                g.output("duration", OnnxGraph.INT64, "tokens");
            }
            case COMMUNITY -> {
                String n = g.op("Cast", List.of(samples), Attr.i("to", OnnxGraph.INT64));
                String outShape = g.op("Concat", List.of(g.vector("lead", 1),
                        g.op("Unsqueeze", List.of(n, g.vector("axis0", 0)))), Attr.i("axis", 0));
                g.node("Reshape", List.of(wave, outShape), List.of("waveform"));
                g.output("waveform", OnnxGraph.FLOAT, 1, "samples");
            }
        }
        return g.write(file);
    }

    /** The style mean the model saw, read back from its output. */
    public static double styleMean(float[] audio) {
        return Math.asin(2 * audio[1]) - BASE_FREQUENCY;
    }
}
