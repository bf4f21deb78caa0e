package dev.hlas.engine.kokoro;

import java.util.List;
import java.nio.LongBuffer;
import java.nio.FloatBuffer;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.hlas.engine.onnx.OnnxModel;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A Kokoro ONNX export, whichever of the three published signatures it has (see docs/ENGINES.md, "Kokoro"): the
 * token input is {@code tokens} (kokoro-onnx v1.0) or {@code input_ids} (hexgrad, onnx-community); {@code speed} is
 * float32 or, in hexgrad's export, int32. Names and the speed type are read from the session, never assumed; the
 * audio is output 0, flattened, whatever its rank.
 *
 * <p>Thread-safe: the session may run on several workers at once.
 */
public final class KokoroModel implements AutoCloseable {
    /** Output sample rate of every Kokoro v1.0 export. */
    public static final int SAMPLE_RATE = 24_000;

    private final OnnxModel model;
    private final String tokensInput;
    private final boolean intSpeed;

    private KokoroModel(OnnxModel model) {
        this.model = model;
        tokensInput = model.hasInput("input_ids") ? "input_ids" : model.hasInput("tokens") ? "tokens" : null;
        if (tokensInput == null) {
            throw new ModelBroken("not a Kokoro model: inputs are " + model.inputs().keySet()
                    + "; expected tokens or input_ids, style and speed");
        }
        OnnxJavaType speedType = model.inputType("speed");
        if (speedType != OnnxJavaType.FLOAT && speedType != OnnxJavaType.INT32) {
            throw new ModelBroken("Kokoro model's speed input is " + speedType + "; expected float or int32");
        }
        intSpeed = speedType == OnnxJavaType.INT32;
    }

    /**
     * Loads a Kokoro model.
     *
     * @throws ModelBroken when the file is missing, corrupt, or not a Kokoro signature
     */
    public static KokoroModel open(Path file, OnnxSettings settings) {
        OnnxModel model = OnnxModel.open(file, settings, "Kokoro model " + file.getFileName(),
                Set.of("style", "speed"));
        try {
            return new KokoroModel(model);
        } catch (RuntimeException e) {
            model.close();
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

    /** Output names under which exports give each token's duration in frames. */
    private static final List<String> DURATION_OUTPUTS = List.of("durations", "duration", "pred_dur");

    /**
     * One run's result.
     *
     * @param audio     mono samples at {@link #SAMPLE_RATE}
     * @param durations frames per padded token, or null when the export does not output them
     */
    public record Output(float[] audio, float[] durations) {
    }

    /**
     * Like {@link #run}, also reading the per-token durations when the export outputs them (hexgrad's export and
     * the "timestamped" ones do).
     */
    public Output runTimed(long[] paddedTokens, float[] style, double speed) {
        String durations = DURATION_OUTPUTS.stream().filter(model.outputNames()::contains).findFirst().orElse(null);
        if (durations == null) return new Output(run(paddedTokens, style, speed), null);
        try (OnnxTensor tokens = model.input(tokensInput, paddedTokens, 1, paddedTokens.length);
             OnnxTensor styleTensor = model.input("style", style, 1, style.length);
             OnnxTensor speedTensor = intSpeed
                     ? model.input("speed", new int[]{(int) Math.max(1, Math.round(speed))}, 1)
                     : model.input("speed", new float[]{(float) speed}, 1);
             OrtSession.Result result = model.run(Map.of(tokensInput, tokens, "style", styleTensor,
                     "speed", speedTensor))) {
            float[] audio = model.floats(result.get(0));
            float[] frames = numbers(result.get(durations).orElse(null));
            return new Output(audio, frames != null && frames.length == paddedTokens.length ? frames : null);
        } catch (OrtException e) {
            throw new EngineFailure("Kokoro inference failed: " + e.getMessage(), e);
        }
    }

    /** A numeric tensor's values as floats, or null for anything else. */
    private static float[] numbers(OnnxValue value) {
        if (!(value instanceof OnnxTensor t)) return null;
        TensorInfo info = (TensorInfo) t.getInfo();
        if (info.type == OnnxJavaType.FLOAT) {
            FloatBuffer b = t.getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
        if (info.type == OnnxJavaType.INT64) {
            LongBuffer b = t.getLongBuffer();
            float[] out = new float[b.remaining()];
            for (int i = 0; i < out.length; i++) out[i] = b.get();
            return out;
        }
        return null;
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
        try (OnnxTensor tokens = model.input(tokensInput, paddedTokens, 1, paddedTokens.length);
             OnnxTensor styleTensor = model.input("style", style, 1, style.length);
             OnnxTensor speedTensor = intSpeed
                     ? model.input("speed", new int[]{(int) Math.max(1, Math.round(speed))}, 1)
                     : model.input("speed", new float[]{(float) speed}, 1)) {
            return model.runForFloats(Map.of(tokensInput, tokens, "style", styleTensor, "speed", speedTensor));
        } catch (OrtException e) {
            throw new EngineFailure("Kokoro inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
