package dev.hlas.engine.supertonic;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hlas.engine.onnx.OnnxModel;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.ModelBroken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The four Supertonic graphs and one model call: text ids → audio for one chunk (batch 1; see docs/ENGINES.md,
 * "Supertonic").
 *
 * <pre>
 * duration = DP(text_ids, style_dp, text_mask) / speed            seconds
 * text_emb = TE(text_ids, style_ttl, text_mask)
 * x        = N(0,1)[1,144,L] · latent_mask,  L = ceil(duration·sr / 3072)
 * x        = VE(x, text_emb, style_ttl, latent_mask, text_mask, step, total)   for step in 0..total-1
 * audio    = vocoder(x)[0 : int(duration·sr)]
 * </pre>
 *
 * Thread-safe: the sessions may run concurrently and every call owns its tensors (inputs in the calling thread's
 * reused direct buffers, see {@link OnnxModel}).
 */
public final class SupertonicModel implements AutoCloseable {
    /** Shortest duration a chunk gets (as sherpa-onnx does), so a tiny input never asks for zero latent frames. */
    static final double MIN_SECONDS = 0.1;

    private final SupertonicTtsJson config;
    private final UnicodeIndexer indexer;
    private final OnnxModel durationPredictor;
    private final OnnxModel textEncoder;
    private final OnnxModel vectorEstimator;
    private final OnnxModel vocoder;

    private SupertonicModel(SupertonicTtsJson config, UnicodeIndexer indexer, List<OnnxModel> sessions) {
        this.config = config;
        this.indexer = indexer;
        this.durationPredictor = sessions.get(0);
        this.textEncoder = sessions.get(1);
        this.vectorEstimator = sessions.get(2);
        this.vocoder = sessions.get(3);
    }

    /**
     * Loads the model from its {@code onnx/} directory.
     *
     * @throws ModelBroken when a file is missing or corrupt, or a graph lacks an input Supertonic feeds
     */
    public static SupertonicModel load(Path onnxDir, OnnxSettings settings) {
        SupertonicTtsJson config = SupertonicTtsJson.load(onnxDir.resolve("tts.json"));
        UnicodeIndexer indexer = UnicodeIndexer.load(onnxDir.resolve("unicode_indexer.json"));
        List<OnnxModel> sessions = new ArrayList<>();
        try {
            sessions.add(open(onnxDir, "duration_predictor", settings, Set.of("text_ids", "style_dp", "text_mask")));
            sessions.add(open(onnxDir, "text_encoder", settings, Set.of("text_ids", "style_ttl", "text_mask")));
            sessions.add(open(onnxDir, "vector_estimator", settings, Set.of("noisy_latent", "text_emb", "style_ttl",
                    "latent_mask", "text_mask", "current_step", "total_step")));
            sessions.add(open(onnxDir, "vocoder", settings, Set.of("latent")));
            return new SupertonicModel(config, indexer, sessions);
        } catch (RuntimeException e) {
            OnnxModel.closeAll(sessions);
            throw e;
        }
    }

    private static OnnxModel open(Path dir, String name, OnnxSettings settings, Set<String> inputs) {
        Path file = dir.resolve(name + ".onnx");
        return OnnxModel.open(file, settings, "Supertonic graph " + file.getFileName(), inputs);
    }

    public SupertonicTtsJson config() {
        return config;
    }

    public UnicodeIndexer indexer() {
        return indexer;
    }

    /**
     * The audio of one chunk.
     *
     * @param audio   mono samples at {@link SupertonicTtsJson#sampleRate()}, trimmed to the predicted duration
     * @param seconds the predicted duration after dividing by speed
     */
    public record Audio(float[] audio, double seconds) {
    }

    /**
     * Synthesizes one chunk.
     *
     * @param ids        token ids from the {@link UnicodeIndexer} (no {@code -1}), at least one
     * @param style      the voice
     * @param totalSteps flow-matching steps (1–50)
     * @param speed      divides the predicted duration (1 = the model's own pace)
     * @param seed       seed of the starting noise
     * @throws EngineFailure when ONNX Runtime fails or a graph returns something unexpected
     */
    public Audio synthesize(long[] ids, VoiceStyle style, int totalSteps, double speed, long seed) {
        if (ids.length == 0) throw new IllegalArgumentException("no text ids");
        if (totalSteps < 1 || totalSteps > 50) throw new IllegalArgumentException("total steps must be 1–50");
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive");
        int t = ids.length;
        float[] ones = new float[t];
        Arrays.fill(ones, 1f);
        try (OnnxTensor textIds = durationPredictor.input("text_ids", ids, 1, t);
             OnnxTensor textMask = durationPredictor.input("text_mask", ones, 1, 1, t);
             OnnxTensor styleTtl = textEncoder.input("style_ttl", style.ttl(), style.ttlShape());
             OnnxTensor styleDp = durationPredictor.input("style_dp", style.dp(), style.dpShape())) {
            float[] d = durationPredictor.runForFloats(Map.of("text_ids", textIds, "style_dp", styleDp,
                    "text_mask", textMask));
            if (d.length < 1) throw new EngineFailure("Supertonic duration predictor returned nothing");
            double seconds = Math.max(MIN_SECONDS, d[0] / speed);
            if (!Double.isFinite(seconds) || seconds > 600) {
                throw new EngineFailure("Supertonic duration predictor returned " + seconds + " s");
            }
            int sr = config.sampleRate();
            int frame = config.samplesPerLatentFrame();
            int wavLength = (int) (seconds * sr);
            int latentFrames = (int) Math.ceil(seconds * sr / frame);
            int validFrames = Math.min(latentFrames, (wavLength + frame - 1) / frame);
            int channels = config.latentChannels();
            float[] mask = new float[latentFrames];
            Arrays.fill(mask, 0, validFrames, 1f);
            float[] noise = NoiseSource.gaussian(seed, channels * latentFrames);
            for (int c = 0; c < channels; c++) {
                for (int f = validFrames; f < latentFrames; f++) noise[c * latentFrames + f] = 0f;
            }
            try (OrtSession.Result te = textEncoder.run(Map.of("text_ids", textIds, "style_ttl", styleTtl,
                    "text_mask", textMask));
                 OnnxTensor latentMask = vectorEstimator.input("latent_mask", mask, 1, 1, latentFrames);
                 OnnxTensor total = vectorEstimator.input("total_step", new float[]{totalSteps}, 1)) {
                OnnxTensor textEmb = (OnnxTensor) te.get(0);
                float[] latent = denoise(noise, new long[]{1, channels, latentFrames}, textEmb, styleTtl,
                        latentMask, textMask, total, totalSteps);
                try (OnnxTensor x = vocoder.input("latent", latent, 1, channels, latentFrames)) {
                    float[] wav = vocoder.runForFloats(Map.of("latent", x));
                    return new Audio(Arrays.copyOf(wav, Math.min(wavLength, wav.length)), seconds);
                }
            }
        } catch (OrtException e) {
            throw new EngineFailure("Supertonic inference failed: " + e.getMessage(), e);
        }
    }

    /** The flow-matching loop: the vector estimator runs exactly {@code totalSteps} times; its output replaces x. */
    private float[] denoise(float[] noise, long[] shape, OnnxTensor textEmb, OnnxTensor styleTtl,
                            OnnxTensor latentMask, OnnxTensor textMask, OnnxTensor total, int totalSteps)
            throws OrtException {
        OnnxTensor x = vectorEstimator.input("noisy_latent", noise, shape);
        OrtSession.Result previous = null;
        try {
            for (int step = 0; step < totalSteps; step++) {
                try (OnnxTensor current = vectorEstimator.input("current_step", new float[]{step}, 1)) {
                    Map<String, OnnxTensor> in = new HashMap<>();
                    in.put("noisy_latent", x);
                    in.put("text_emb", textEmb);
                    in.put("style_ttl", styleTtl);
                    in.put("latent_mask", latentMask);
                    in.put("text_mask", textMask);
                    in.put("current_step", current);
                    in.put("total_step", total);
                    OrtSession.Result r = vectorEstimator.run(in);
                    if (previous != null) previous.close();
                    else x.close();
                    previous = r;
                    x = (OnnxTensor) r.get(0);
                }
            }
            float[] latent = vectorEstimator.floats(x);
            if (latent.length != noise.length) {
                throw new EngineFailure("Supertonic vector estimator returned " + latent.length + " values, expected "
                        + noise.length);
            }
            return latent;
        } finally {
            if (previous != null) previous.close();
            else x.close();
        }
    }

    @Override
    public void close() {
        OnnxModel.closeAll(List.of(durationPredictor, textEncoder, vectorEstimator, vocoder));
    }
}
