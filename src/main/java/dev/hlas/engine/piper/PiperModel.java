package dev.hlas.engine.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.hlas.engine.onnx.OnnxModel;
import dev.hlas.engine.onnx.OnnxOutputs;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Output names under which exports that already carry the durations name them. */
    static final List<String> DURATION_OUTPUTS = List.of("durations", "w_ceil");
    private static final Logger log = LoggerFactory.getLogger(PiperModel.class);

    private final OnnxModel model;
    private final boolean hasSid;
    private final String outputName;
    /** The graph output with each id's frame count, or null; dropped after a run shows it is not one. */
    private volatile String durationName;

    private PiperModel(OnnxModel model, String durationName) {
        this.model = model;
        this.hasSid = model.hasInput("sid");
        this.outputName = model.outputNames().contains("output") ? "output" : model.outputNames().iterator().next();
        this.durationName = durationName != null && model.outputNames().contains(durationName) ? durationName : null;
    }

    /**
     * Opens a model and checks its signature. When the graph has a {@code Ceil} node (VITS rounds each id's
     * predicted duration up to whole frames there) and no durations output of its own, that node's output is
     * added as an extra graph output on the bytes in memory before the session is created, so every run also says
     * how many frames each phoneme id got; the file is never changed. A model this does not work for is loaded as
     * it is, and its word timings are estimated.
     *
     * @throws ModelBroken when the file is missing, corrupt, truncated or not a Piper model
     */
    static PiperModel open(Path onnx, OnnxSettings settings) {
        String what = "Piper model " + onnx.getFileName();
        byte[] bytes = null;
        String ceil = null;
        try {
            bytes = Files.readAllBytes(onnx);
            List<String> outputs = OnnxOutputs.nodeOutputs(bytes, "Ceil");
            ceil = outputs.isEmpty() ? null : outputs.getFirst();
        } catch (IOException | RuntimeException e) {
            log.debug("{}: not looking for a duration node: {}", what, e.toString());
        }
        if (bytes != null && ceil != null) {
            var patched = OnnxOutputs.withOutput(bytes, ceil);
            bytes = null;
            if (patched.isPresent()) {
                try {
                    OnnxModel model = OnnxModel.open(patched.get(), settings, what, REQUIRED_INPUTS);
                    return new PiperModel(model, ceil);
                } catch (ModelBroken e) {
                    log.info("{}: exposing its durations ({}) failed, loading it as it is: {}", what, ceil,
                            e.getMessage());
                }
            }
        }
        OnnxModel model = OnnxModel.open(onnx, settings, what, REQUIRED_INPUTS);
        String own = DURATION_OUTPUTS.stream().filter(model.outputNames()::contains).findFirst().orElse(null);
        return new PiperModel(model, own);
    }

    /** Whether runs report each id's frame count (see {@link Output#durations()}). */
    boolean hasDurations() {
        return durationName != null;
    }

    /**
     * One run's result.
     *
     * @param audio     the samples, flattened, as the model produced them
     * @param durations frames per phoneme id (as many as ids), or null when the model does not say
     */
    record Output(float[] audio, float[] durations) {
    }

    /** Whether the graph has a {@code sid} input (multi-speaker export). */
    boolean hasSid() {
        return hasSid;
    }

    /**
     * Runs the model once.
     *
     * @param sid speaker id, sent only when the graph has a {@code sid} input
     * @return the audio and, when the model gives them, the frames per id
     */
    Output infer(long[] ids, float noiseScale, float lengthScale, float noiseW, long sid) {
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try (OnnxTensor input = model.input("input", ids, 1, ids.length);
             OnnxTensor lengths = model.input("input_lengths", new long[]{ids.length}, 1);
             OnnxTensor scales = model.input("scales", new float[]{noiseScale, lengthScale, noiseW}, 3);
             OnnxTensor sidT = hasSid ? model.input("sid", new long[]{sid}, 1) : null) {
            feed.put("input", input);
            feed.put("input_lengths", lengths);
            feed.put("scales", scales);
            if (sidT != null) feed.put("sid", sidT);
            String durations = durationName;
            if (durations == null) return new Output(model.runForFloats(feed, outputName), null);
            float[][] out = model.runForFloats(feed, List.of(outputName, durations));
            if (out[1].length != ids.length) {
                log.info("Piper model output {} has {} values for {} phoneme ids: not durations; word timings of "
                        + "this voice are estimated", durations, out[1].length, ids.length);
                durationName = null;
                return new Output(out[0], null);
            }
            return new Output(out[0], out[1]);
        } catch (OrtException e) {
            throw new EngineFailure("ONNX Runtime failed on " + ids.length + " phoneme ids: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
