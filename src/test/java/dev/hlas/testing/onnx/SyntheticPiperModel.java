package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * A model with Piper's exact signature: inputs {@code input} int64 [1,T],
 * {@code input_lengths} int64 [1], {@code scales} float [3] and, for multi-speaker voices, {@code sid} int64 [1];
 * output {@code output} float of rank 3 [1,1,N] or 4 [1,1,1,N] with N = ceil(T·length_scale)·256: a sine whose
 * frequency depends on the speaker.
 */
public final class SyntheticPiperModel {
    private SyntheticPiperModel() {
    }

    /** Frames the duration model gives phoneme id {@code id} at length scale 1 (before {@code Ceil}). */
    public static int framesPerId(long id) {
        return (int) (id % 3) + 1;
    }

    /**
     * A single-speaker model whose durations are known: id {@code i} gets {@code ceil(framesPerId(i) ·
     * length_scale)} frames of 256 samples, as VITS's duration predictor rounds them up with a {@code Ceil} node.
     * With {@code ceilNode} false the same frames are rounded by {@code Round} (no node a loader can expose, as in
     * exports whose graph was simplified differently).
     */
    public static Path writeWithDurations(Path file, boolean ceilNode) throws IOException {
        OnnxGraph g = new OnnxGraph("piper-durations");
        g.input("input", OnnxGraph.INT64, 1, "phonemes");
        g.input("input_lengths", OnnxGraph.INT64, 1);
        g.input("scales", OnnxGraph.FLOAT, 3);
        String lengthScale = g.op("Gather", List.of("scales", g.longs("one_j", new long[0], 1)), Attr.i("axis", 0));
        String mod = g.op("Mod", List.of("input", g.longs("three", new long[0], 3)));
        String base = g.op("Add", List.of(g.op("Cast", List.of(mod), Attr.i("to", OnnxGraph.FLOAT)),
                g.scalar("one_f", 1f)));
        String scaled = g.op("Mul", List.of(base, lengthScale));
        String frames = g.op(ceilNode ? "Ceil" : "Round", List.of(scaled)); // [1,T]
        String total = g.op("ReduceSum", List.of(frames), Attr.i("keepdims", 0));
        String samples = g.op("Mul", List.of(total, g.scalar("hop", 256f)));
        String n = g.op("Cast", List.of(samples), Attr.i("to", OnnxGraph.INT64));
        String range = g.op("Range", List.of(g.scalar("zero", 0f), samples, g.scalar("step", 1f)));
        String wave = g.op("Mul", List.of(g.op("Sin", List.of(g.op("Mul", List.of(range, g.scalar("freq", 0.0627f))))),
                g.scalar("amp", 0.5f)));
        String nDim = g.op("Unsqueeze", List.of(n, g.vector("axis0", 0)));
        String outShape = g.op("Concat", List.of(g.vector("lead4", 1, 1, 1), nDim), Attr.i("axis", 0));
        g.node("Reshape", List.of(wave, outShape), List.of("output"));
        g.output("output", OnnxGraph.FLOAT, 1, 1, 1, "samples");
        return g.write(file);
    }

    public static Path write(Path file, boolean multiSpeaker, int outputRank) throws IOException {
        if (outputRank != 3 && outputRank != 4) throw new IllegalArgumentException("rank 3 or 4");
        OnnxGraph g = new OnnxGraph("piper-synthetic");
        g.input("input", OnnxGraph.INT64, 1, "phonemes");
        g.input("input_lengths", OnnxGraph.INT64, 1);
        g.input("scales", OnnxGraph.FLOAT, 3);
        if (multiSpeaker) g.input("sid", OnnxGraph.INT64, 1);

        String shape = g.op("Shape", List.of("input"));
        String t = g.op("Gather", List.of(shape, g.longs("one_i", new long[0], 1)), Attr.i("axis", 0));
        String lengthScale = g.op("Gather", List.of("scales", g.longs("one_j", new long[0], 1)), Attr.i("axis", 0));
        String tFloat = g.op("Cast", List.of(t), Attr.i("to", OnnxGraph.FLOAT));
        String frames = g.op("Ceil", List.of(g.op("Mul", List.of(tFloat, lengthScale))));
        String samples = g.op("Mul", List.of(frames, g.scalar("hop", 256f)));
        String n = g.op("Cast", List.of(samples), Attr.i("to", OnnxGraph.INT64));
        String range = g.op("Range", List.of(g.scalar("zero", 0f), samples, g.scalar("step", 1f)));
        String freq = g.scalar("freq", 0.0627f);
        if (multiSpeaker) {
            String sid = g.op("Cast", List.of("sid"), Attr.i("to", OnnxGraph.FLOAT));
            freq = g.op("Add", List.of(freq, g.op("Mul", List.of(sid, g.scalar("per_speaker", 0.01f)))));
        }
        String wave = g.op("Mul", List.of(g.op("Sin", List.of(g.op("Mul", List.of(range, freq)))),
                g.scalar("amp", 0.5f)));
        String nDim = g.op("Unsqueeze", List.of(n, g.vector("axis0", 0)));
        String prefix = outputRank == 4 ? g.vector("lead4", 1, 1, 1) : g.vector("lead3", 1, 1);
        String outShape = g.op("Concat", List.of(prefix, nDim), Attr.i("axis", 0));
        g.node("Reshape", List.of(wave, outShape), List.of("output"));
        if (outputRank == 4) g.output("output", OnnxGraph.FLOAT, 1, 1, 1, "samples");
        else g.output("output", OnnxGraph.FLOAT, 1, 1, "samples");
        return g.write(file);
    }
}
