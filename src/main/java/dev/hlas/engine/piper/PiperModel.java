package dev.hlas.engine.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.hlas.engine.onnx.OnnxModel;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One Piper ONNX graph (see docs/ENGINES.md, "Piper"): created once per voice, shared by every worker. Inputs
 * {@code input} int64 [1,T], {@code input_lengths} [1], {@code scales} float [3] = [noise_scale, length_scale,
 * noise_w] and {@code sid} [1] only when the graph declares it; the output named {@code output} (else the first),
 * of any rank, is flattened. Inputs go through {@link OnnxModel}'s reused direct buffers.
 */
final class PiperModel implements AutoCloseable {
    static final Set<String> REQUIRED_INPUTS = Set.of("input", "input_lengths", "scales");

    private final OnnxModel model;
    private final boolean hasSid;
    private final String outputName;

    private PiperModel(OnnxModel model) {
        this.model = model;
        this.hasSid = model.hasInput("sid");
        this.outputName = model.outputNames().contains("output") ? "output" : model.outputNames().iterator().next();
    }

    /**
     * Opens a model and checks its signature.
     *
     * @throws ModelBroken when the file is missing, corrupt, truncated or not a Piper model
     */
    static PiperModel open(Path onnx, OnnxSettings settings) {
        return new PiperModel(OnnxModel.open(onnx, settings, "Piper model " + onnx.getFileName(), REQUIRED_INPUTS));
    }

    /** Whether the graph has a {@code sid} input (multi-speaker export). */
    boolean hasSid() {
        return hasSid;
    }

    /**
     * Runs the model once.
     *
     * @param sid speaker id, sent only when the graph has a {@code sid} input
     * @return the audio, flattened, as the model produced it
     */
    float[] infer(long[] ids, float noiseScale, float lengthScale, float noiseW, long sid) {
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try (OnnxTensor input = model.input("input", ids, 1, ids.length);
             OnnxTensor lengths = model.input("input_lengths", new long[]{ids.length}, 1);
             OnnxTensor scales = model.input("scales", new float[]{noiseScale, lengthScale, noiseW}, 3);
             OnnxTensor sidT = hasSid ? model.input("sid", new long[]{sid}, 1) : null) {
            feed.put("input", input);
            feed.put("input_lengths", lengths);
            feed.put("scales", scales);
            if (sidT != null) feed.put("sid", sidT);
            return model.runForFloats(feed, outputName);
        } catch (OrtException e) {
            throw new EngineFailure("ONNX Runtime failed on " + ids.length + " phoneme ids: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
