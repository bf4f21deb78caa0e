package dev.hlas.engine.kokoro;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Kokoro ONNX export, whichever of the three published signatures it has (engines spec §2.2): the token input is
 * {@code tokens} (kokoro-onnx v1.0) or {@code input_ids} (hexgrad, onnx-community); {@code speed} is float32 or,
 * in hexgrad's export, int32. Names and the speed type are read from the session, never assumed; the audio is
 * output 0, flattened, whatever its rank.
 *
 * <p>Thread-safe: {@link OrtSession#run} may be called from several workers at once.
 */
public final class KokoroModel implements AutoCloseable {
    /** Output sample rate of every Kokoro v1.0 export. */
    public static final int SAMPLE_RATE = 24_000;

    private final OrtSession session;
    private final OrtEnvironment env = OnnxSessions.environment();
    private final String tokensInput;
    private final boolean intSpeed;

    private KokoroModel(OrtSession session) {
        this.session = session;
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            tokensInput = inputs.containsKey("input_ids") ? "input_ids" : inputs.containsKey("tokens") ? "tokens" : null;
            if (tokensInput == null || !inputs.containsKey("style") || !inputs.containsKey("speed")) {
                throw new ModelBroken("not a Kokoro model: inputs are " + inputs.keySet()
                        + "; expected tokens or input_ids, style and speed");
            }
            OnnxJavaType speedType = ((TensorInfo) inputs.get("speed").getInfo()).type;
            if (speedType != OnnxJavaType.FLOAT && speedType != OnnxJavaType.INT32) {
                throw new ModelBroken("Kokoro model's speed input is " + speedType + "; expected float or int32");
            }
            intSpeed = speedType == OnnxJavaType.INT32;
            if (session.getNumOutputs() < 1) throw new ModelBroken("Kokoro model has no output");
        } catch (OrtException e) {
            throw new ModelBroken("cannot read the Kokoro model's inputs: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a Kokoro model.
     *
     * @throws ModelBroken when the file is missing, corrupt, or not a Kokoro signature
     */
    public static KokoroModel open(Path file, OnnxSettings settings) {
        OrtSession session = OnnxSessions.open(file, settings);
        try {
            return new KokoroModel(session);
        } catch (RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the signature error is the one to report
            }
            throw e;
        }
    }

    /** The token input's name: {@code tokens} or {@code input_ids}. */
    public String tokensInput() {
        return tokensInput;
    }

    /** Whether this export takes an int32 speed (hexgrad), so only whole speeds exist. */
    public boolean intSpeed() {
        return intSpeed;
    }

    /**
     * Runs the model on one chunk.
     *
     * @param paddedTokens {@code [0, ids…, 0]}, at most 512 long
     * @param style        the 256-value style row for this chunk's length
     * @param speed        speaking rate (an int32-speed model gets it rounded, at least 1)
     * @return mono samples at {@link #SAMPLE_RATE}
     */
    public float[] run(long[] paddedTokens, float[] style, double speed) {
        try (OnnxTensor tokens = OnnxTensor.createTensor(env, direct(paddedTokens), new long[]{1, paddedTokens.length});
             OnnxTensor styleTensor = OnnxTensor.createTensor(env, direct(style), new long[]{1, style.length});
             OnnxTensor speedTensor = speedTensor(speed);
             OrtSession.Result result = session.run(Map.of(tokensInput, tokens, "style", styleTensor,
                     "speed", speedTensor))) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor tensor) || ((TensorInfo) tensor.getInfo()).type != OnnxJavaType.FLOAT) {
                throw new EngineFailure("Kokoro model output 0 is not a float tensor");
            }
            FloatBuffer samples = tensor.getFloatBuffer();
            float[] audio = new float[samples.remaining()];
            samples.get(audio);
            return audio;
        } catch (OrtException e) {
            throw new EngineFailure("Kokoro inference failed: " + e.getMessage(), e);
        }
    }

    private OnnxTensor speedTensor(double speed) throws OrtException {
        if (intSpeed) {
            IntBuffer b = ByteBuffer.allocateDirect(Integer.BYTES).order(ByteOrder.nativeOrder()).asIntBuffer();
            b.put(0, (int) Math.max(1, Math.round(speed)));
            return OnnxTensor.createTensor(env, b, new long[]{1});
        }
        return OnnxTensor.createTensor(env, direct(new float[]{(float) speed}), new long[]{1});
    }

    private static LongBuffer direct(long[] values) {
        LongBuffer b = ByteBuffer.allocateDirect(values.length * Long.BYTES).order(ByteOrder.nativeOrder())
                .asLongBuffer();
        b.put(values).flip();
        return b;
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(values).flip();
        return b;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineFailure("closing the Kokoro session failed", e);
        }
    }
}
