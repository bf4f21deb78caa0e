package dev.hlas.engine.supertonic;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark baseline: the same chunks through the same four graphs, timing nothing but ONNX Runtime's
 * {@code run()} calls (inputs are built outside the clock). Engine time minus this is Hlas's overhead.
 */
public final class RawSupertonicRun implements AutoCloseable {
    private final OrtSession dp;
    private final OrtSession te;
    private final OrtSession ve;
    private final OrtSession vocoder;
    private final SupertonicTtsJson config;
    private final UnicodeIndexer indexer;
    private final VoiceStyle style;

    public RawSupertonicRun(Path modelDir, String styleName, OnnxSettings settings) {
        Path onnx = modelDir.resolve("onnx");
        dp = OnnxSessions.open(onnx.resolve("duration_predictor.onnx"), settings);
        te = OnnxSessions.open(onnx.resolve("text_encoder.onnx"), settings);
        ve = OnnxSessions.open(onnx.resolve("vector_estimator.onnx"), settings);
        vocoder = OnnxSessions.open(onnx.resolve("vocoder.onnx"), settings);
        config = SupertonicTtsJson.load(onnx.resolve("tts.json"));
        indexer = UnicodeIndexer.load(onnx.resolve("unicode_indexer.json"));
        style = VoiceStyle.load(modelDir.resolve("voice_styles").resolve(styleName + ".json"));
    }

    /**
     * ORT time for one utterance.
     *
     * @param firstChunkNanos run() time of the first chunk (the least time to first audio)
     * @param totalNanos      run() time of all chunks
     * @param audioSeconds    audio produced, pauses included as the engine adds them
     * @param chunks          model calls
     */
    public record Timing(long firstChunkNanos, long totalNanos, double audioSeconds, int chunks) {
    }

    public Timing run(String text, String lang, int steps, double speed, SupertonicSettings options) throws OrtException {
        OrtEnvironment env = OnnxSessions.environment();
        List<TextChunker.Chunk> chunks = new TextChunker(options.maxChunkChars(), options.firstChunkChars()).split(text);
        long total = 0;
        long first = -1;
        double audio = 0;
        for (TextChunker.Chunk chunk : chunks) {
            long[] ids = indexer.encode(SupertonicText.prepare(chunk.text(), lang)).ids();
            int t = ids.length;
            float[] ones = new float[t];
            Arrays.fill(ones, 1f);
            long spent = 0;
            try (OnnxTensor textIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, t});
                 OnnxTensor textMask = OnnxTensor.createTensor(env, FloatBuffer.wrap(ones), new long[]{1, 1, t});
                 OnnxTensor styleTtl = OnnxTensor.createTensor(env, FloatBuffer.wrap(style.ttl()), style.ttlShape());
                 OnnxTensor styleDp = OnnxTensor.createTensor(env, FloatBuffer.wrap(style.dp()), style.dpShape())) {
                long s = System.nanoTime();
                double seconds;
                try (OrtSession.Result r = dp.run(Map.of("text_ids", textIds, "style_dp", styleDp, "text_mask",
                        textMask))) {
                    spent += System.nanoTime() - s;
                    seconds = Math.max(0.1, ((OnnxTensor) r.get(0)).getFloatBuffer().get(0) / speed);
                }
                int latent = (int) Math.ceil(seconds * config.sampleRate() / config.samplesPerLatentFrame());
                float[] mask = new float[latent];
                Arrays.fill(mask, 1f);
                float[] noise = NoiseSource.gaussian(1, config.latentChannels() * latent);
                long[] shape = {1, config.latentChannels(), latent};
                s = System.nanoTime();
                try (OrtSession.Result emb = te.run(Map.of("text_ids", textIds, "style_ttl", styleTtl, "text_mask",
                        textMask));
                     OnnxTensor latentMask = OnnxTensor.createTensor(env, FloatBuffer.wrap(mask),
                             new long[]{1, 1, latent});
                     OnnxTensor totalStep = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{steps}),
                             new long[]{1})) {
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(noise), shape);
                    OrtSession.Result previous = null;
                    for (int step = 0; step < steps; step++) {
                        try (OnnxTensor current = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{step}),
                                new long[]{1})) {
                            Map<String, OnnxTensor> in = new HashMap<>();
                            in.put("noisy_latent", x);
                            in.put("text_emb", (OnnxTensor) emb.get(0));
                            in.put("style_ttl", styleTtl);
                            in.put("latent_mask", latentMask);
                            in.put("text_mask", textMask);
                            in.put("current_step", current);
                            in.put("total_step", totalStep);
                            OrtSession.Result r = ve.run(in);
                            if (previous != null) previous.close();
                            else x.close();
                            previous = r;
                            x = (OnnxTensor) r.get(0);
                        }
                    }
                    try (OrtSession.Result wav = vocoder.run(Map.of("latent", x))) {
                        wav.get(0);
                    }
                    if (previous != null) previous.close();
                    spent += System.nanoTime() - s;
                }
                audio += (int) (seconds * config.sampleRate()) / (double) config.sampleRate();
                audio += switch (chunk.boundary()) {
                    case SENTENCE -> options.sentencePause();
                    case CLAUSE -> options.clausePause();
                    case WORD -> 0;
                };
            }
            if (first < 0) first = spent;
            total += spent;
        }
        return new Timing(first, total, audio, chunks.size());
    }

    @Override
    public void close() throws OrtException {
        dp.close();
        te.close();
        ve.close();
        vocoder.close();
    }
}
