package dev.hlas.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hlas.engine.Cancellation;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * One ONNX graph, opened the way every engine needs it: the session is created on the large-stack loader thread
 * ({@link OnnxSessions}), its inputs are checked against what the engine will feed (a wrong file is a
 * {@link ModelBroken} naming the inputs found, and the half-open session is closed), and closing never throws.
 *
 * <p>Inputs are written into per-thread direct buffers, one per input name, that are reused and grown: ONNX Runtime
 * reads them without a copy and a run allocates nothing on the Java side but its output array. A tensor made by
 * {@link #input} is only valid until the same thread asks for the same input name again, which suits one run at a
 * time per thread (how the scheduler's workers call engines).
 *
 * <p>Every run can be cancelled from another thread while it computes (see {@link #run(Map)}).
 *
 * <p>Thread-safe: {@code OrtSession.run} may be called from several threads at once.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    private final String what;
    private final OrtSession session;
    private final OrtEnvironment env = OnnxSessions.environment();
    private final ThreadLocal<Map<String, ByteBuffer>> buffers = ThreadLocal.withInitial(HashMap::new);

    private OnnxModel(String what, OrtSession session) {
        this.what = what;
        this.session = session;
    }

    /**
     * Opens {@code file} and checks that its graph declares every name in {@code requiredInputs}.
     *
     * @param what how messages name the graph ({@code "Piper model cs_CZ-jirka-medium.onnx"})
     * @throws ModelBroken when the file is missing, corrupt, or lacks an input
     */
    public static OnnxModel open(Path file, OnnxSettings settings, String what, Set<String> requiredInputs) {
        return checked(OnnxSessions.open(file, settings), what, requiredInputs);
    }

    /** Like {@link #open(Path, OnnxSettings, String, Set)}, for a model's bytes in memory. */
    public static OnnxModel open(byte[] bytes, OnnxSettings settings, String what, Set<String> requiredInputs) {
        return checked(OnnxSessions.open(bytes, what, settings), what, requiredInputs);
    }

    private static OnnxModel checked(OrtSession session, String what, Set<String> requiredInputs) {
        OnnxModel model = new OnnxModel(what, session);
        try {
            Set<String> inputs = session.getInputNames();
            if (!inputs.containsAll(requiredInputs)) {
                throw new ModelBroken(what + " has inputs " + inputs.stream().sorted().toList() + "; expected "
                        + requiredInputs.stream().sorted().toList());
            }
            if (session.getNumOutputs() < 1) throw new ModelBroken(what + " has no output");
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The graph's inputs by name. */
    public Map<String, NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new ModelBroken("cannot read the inputs of " + what + ": " + e.getMessage(), e);
        }
    }

    /** Whether the graph declares an input of this name. */
    public boolean hasInput(String name) {
        return session.getInputNames().contains(name);
    }

    /** The element type of a tensor input, or null for an input that is not a tensor or does not exist. */
    public OnnxJavaType inputType(String name) {
        NodeInfo info = inputs().get(name);
        return info != null && info.getInfo() instanceof TensorInfo t ? t.type : null;
    }

    /** Output names, in graph order. */
    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** A tensor over this thread's reused buffer for input {@code name}. */
    public OnnxTensor input(String name, long[] values, long... shape) throws OrtException {
        LongBuffer b = buffer(name, values.length * Long.BYTES).asLongBuffer();
        b.put(values).flip();
        return OnnxTensor.createTensor(env, b, shape);
    }

    /** A tensor over this thread's reused buffer for input {@code name}. */
    public OnnxTensor input(String name, float[] values, long... shape) throws OrtException {
        FloatBuffer b = buffer(name, values.length * Float.BYTES).asFloatBuffer();
        b.put(values).flip();
        return OnnxTensor.createTensor(env, b, shape);
    }

    /** A tensor over this thread's reused buffer for input {@code name}. */
    public OnnxTensor input(String name, int[] values, long... shape) throws OrtException {
        IntBuffer b = buffer(name, values.length * Integer.BYTES).asIntBuffer();
        b.put(values).flip();
        return OnnxTensor.createTensor(env, b, shape);
    }

    private ByteBuffer buffer(String name, int bytes) {
        Map<String, ByteBuffer> mine = buffers.get();
        ByteBuffer b = mine.get(name);
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect(Math.max(64, Integer.highestOneBit(Math.max(1, bytes)) * 2))
                    .order(ByteOrder.nativeOrder());
            mine.put(name, b);
        }
        b.clear();
        b.limit(bytes);
        return b;
    }

    /**
     * Runs the graph and returns its first output, flattened whatever its rank.
     *
     * @throws EngineFailure         when ONNX Runtime fails or the output is not a float tensor
     * @throws CancellationException when the engine work was cancelled (see {@link #run(Map)})
     */
    public float[] runForFloats(Map<String, ? extends OnnxTensor> feed) {
        return runForFloats(feed, (String) null);
    }

    /** Runs the graph and returns the output {@code output}, flattened (see {@link #runForFloats(Map)}). */
    public float[] runForFloats(Map<String, ? extends OnnxTensor> feed, String output) {
        try (OrtSession.Result result = cancellableRun(feed, output)) {
            return floats(result.get(0));
        } catch (OrtException e) {
            throw new EngineFailure(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the graph and returns the named outputs, each flattened, in the order asked for.
     *
     * @throws EngineFailure        when ONNX Runtime fails or an output is not a float tensor
     * @throws CancellationException when the engine work was cancelled (see {@link #run(Map)})
     */
    public float[][] runForFloats(Map<String, ? extends OnnxTensor> feed, List<String> outputs) {
        try (OrtSession.Result result = cancellableRun(feed, new LinkedHashSet<>(outputs))) {
            float[][] out = new float[outputs.size()][];
            for (int i = 0; i < outputs.size(); i++) {
                out[i] = floats(result.get(outputs.get(i)).orElseThrow(
                        () -> new EngineFailure(what + " did not return its outputs")));
            }
            return out;
        } catch (OrtException e) {
            throw new EngineFailure(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the graph and hands back every output; the caller closes the result. For graphs whose output feeds
     * another run without a trip through Java arrays.
     *
     * <p>Every run is cancellable: when the engine work it belongs to is cancelled ({@link Cancellation#current()}),
     * ONNX Runtime is told to terminate the run, which then ends within one operator instead of at the end of the
     * graph, and this throws a {@link CancellationException}, never an {@link OrtException} or
     * {@link EngineFailure}: a stopped run is a cancel, not a failure, and its partial output is never audio.
     *
     * @throws CancellationException when the engine work was cancelled before or during the run
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensor> feed) throws OrtException {
        return cancellableRun(feed, (Set<String>) null);
    }

    private OrtSession.Result cancellableRun(Map<String, ? extends OnnxTensor> feed, String output)
            throws OrtException {
        return cancellableRun(feed, output == null ? null : Set.of(output));
    }

    /** Runs the graph for {@code outputs} (null: all of them), terminated by a cancel of the work it belongs to. */
    private OrtSession.Result cancellableRun(Map<String, ? extends OnnxTensor> feed, Set<String> outputs)
            throws OrtException {
        Cancellation cancellation = Cancellation.current();
        if (cancellation.cancelled()) throw Cancellation.stopped(what);
        try (OrtSession.RunOptions options = new OrtSession.RunOptions();
             Cancellation.Registration ignored = cancellation.onCancel(() -> terminate(options))) {
            OrtSession.Result result;
            try {
                result = outputs == null ? session.run(feed, options) : session.run(feed, outputs, options);
            } catch (OrtException e) {
                if (cancellation.cancelled()) throw Cancellation.stopped(what);
                throw e;
            }
            if (cancellation.cancelled()) { // terminated after its last operator, or cancelled just as it returned
                result.close();
                throw Cancellation.stopped(what);
            }
            return result;
        }
    }

    private static void terminate(OrtSession.RunOptions options) {
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A float tensor's values, flattened.
     *
     * @throws EngineFailure when {@code value} is not a float tensor
     */
    public float[] floats(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor) || ((TensorInfo) tensor.getInfo()).type != OnnxJavaType.FLOAT) {
            throw new EngineFailure(what + " did not return a float tensor");
        }
        FloatBuffer samples = tensor.getFloatBuffer();
        float[] out = new float[samples.remaining()];
        samples.get(out);
        return out;
    }

    /** Closes the session; a failure is logged, never thrown (closing happens on shutdown and failure paths). */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            log.debug("closing {} failed: {}", what, e.getMessage());
        }
    }

    /** Closes several models, each quietly. */
    public static void closeAll(List<OnnxModel> models) {
        models.forEach(OnnxModel::close);
    }
}
