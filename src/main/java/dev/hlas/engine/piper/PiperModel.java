package dev.hlas.engine.piper;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One Piper ONNX session (engines spec §1.2): created once per voice, shared by every worker ({@code run} is
 * thread-safe). Inputs {@code input} int64 [1,T], {@code input_lengths} [1], {@code scales} float [3] =
 * [noise_scale, length_scale, noise_w] and {@code sid} [1] only when the graph declares it; the first output, of any
 * rank, is flattened.
 *
 * <p>Performance (performance spec, pitfall 4): inputs are written into per-thread direct buffers that are reused
 * and grown, so ORT reads them without a copy and the JVM allocates nothing per sentence but the output array.
 */
final class PiperModel implements AutoCloseable {
    static final Set<String> REQUIRED_INPUTS = Set.of("input", "input_lengths", "scales");

    private final OrtEnvironment env = OnnxSessions.environment();
    private final OrtSession session;
    private final boolean hasSid;
    private final String outputName;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private PiperModel(OrtSession session, boolean hasSid, String outputName) {
        this.session = session;
        this.hasSid = hasSid;
        this.outputName = outputName;
    }

    /**
     * Opens a model and checks its signature.
     *
     * @throws ModelBroken when the file is missing, corrupt, truncated or not a Piper model
     */
    static PiperModel open(Path onnx, OnnxSettings settings) {
        OrtSession session = OnnxSessions.open(onnx, settings);
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.keySet().containsAll(REQUIRED_INPUTS)) {
                throw new ModelBroken(onnx.getFileName() + " is not a Piper model: its inputs are "
                        + inputs.keySet() + ", expected " + REQUIRED_INPUTS + " (+ sid)");
            }
            String output = session.getOutputNames().contains("output") ? "output"
                    : session.getOutputNames().iterator().next();
            return new PiperModel(session, inputs.containsKey("sid"), output);
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
            if (e instanceof ModelBroken ome) throw ome;
            throw new ModelBroken("cannot inspect " + onnx.getFileName() + ": " + e.getMessage(), e);
        }
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
        Buffers b = buffers.get();
        LongBuffer input = b.ids(ids);
        b.lengths.clear();
        b.lengths.put(0, ids.length);
        b.scales.clear();
        b.scales.put(0, noiseScale).put(1, lengthScale).put(2, noiseW);
        b.sid.clear();
        b.sid.put(0, sid);
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try (OnnxTensor inputT = OnnxTensor.createTensor(env, input, new long[]{1, ids.length});
             OnnxTensor lengthsT = OnnxTensor.createTensor(env, b.lengths, new long[]{1});
             OnnxTensor scalesT = OnnxTensor.createTensor(env, b.scales, new long[]{3});
             OnnxTensor sidT = hasSid ? OnnxTensor.createTensor(env, b.sid, new long[]{1}) : null) {
            feed.put("input", inputT);
            feed.put("input_lengths", lengthsT);
            feed.put("scales", scalesT);
            if (sidT != null) feed.put("sid", sidT);
            try (OrtSession.Result result = session.run(feed, Set.of(outputName))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                FloatBuffer samples = out.getFloatBuffer();
                float[] audio = new float[samples.remaining()];
                samples.get(audio);
                return audio;
            }
        } catch (OrtException e) {
            throw new EngineFailure("ONNX Runtime failed on " + ids.length + " phoneme ids: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing: nothing to do
        }
    }

    /** Per-thread direct input buffers, grown to the longest sentence seen. */
    private static final class Buffers {
        final LongBuffer lengths = direct(1).asLongBuffer();
        final FloatBuffer scales = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        final LongBuffer sid = direct(1).asLongBuffer();
        LongBuffer ids = direct(256).asLongBuffer();

        LongBuffer ids(long[] values) {
            if (ids.capacity() < values.length) ids = direct(Integer.highestOneBit(values.length) * 2).asLongBuffer();
            ids.clear();
            ids.put(values);
            ids.flip();
            return ids;
        }

        private static ByteBuffer direct(int longs) {
            return ByteBuffer.allocateDirect(longs * 8).order(ByteOrder.nativeOrder());
        }
    }
}
