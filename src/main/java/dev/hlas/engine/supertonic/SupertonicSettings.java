package dev.hlas.engine.supertonic;

import dev.hlas.engine.onnx.OnnxSettings;

/**
 * How the Supertonic engine runs on this machine and speaks when a request does not say otherwise (its slice of
 * the server configuration).
 *
 * @param onnx            ORT settings of the four sessions ({@code intraOpThreads} per run)
 * @param parallelism     utterances synthesized at once
 * @param defaultSteps    flow-matching steps when the request has no {@code total_steps} (1–50)
 * @param naturalSpeed    the model's speed at request speed 1.0; durations are divided by {@code naturalSpeed·speed}
 *                        (upstream's default pace is 1.05)
 * @param maxChunkChars   longest chunk of text per model call (upstream: 300)
 * @param firstChunkChars longest first chunk: a short first call bounds the time to first audio
 * @param sentencePause   seconds of silence after a chunk that ends a sentence (upstream joins chunks with 0.3 s)
 * @param clausePause     seconds of silence after a chunk cut at a comma or other clause mark
 */
public record SupertonicSettings(OnnxSettings onnx, int parallelism, int defaultSteps, double naturalSpeed,
                                 int maxChunkChars, int firstChunkChars, double sentencePause, double clausePause) {
    /**
     * Default steps: 6. Upstream's examples use 5 and its SDK 8 ("5 low to 12 high"); published listening scores
     * jump from 2 to 5 steps and flatten after. The vector estimator dominates the cost and runs once per step, so
     * 6 keeps a margin of quality over 5 at about a quarter less compute than 8 on a 2-core box.
     */
    public static final int DEFAULT_STEPS = 6;

    public SupertonicSettings {
        if (onnx == null) onnx = OnnxSettings.defaults();
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1: " + parallelism);
        if (defaultSteps < 1 || defaultSteps > 50) throw new IllegalArgumentException("steps must be 1–50");
        if (!(naturalSpeed >= 0.5 && naturalSpeed <= 2.0)) throw new IllegalArgumentException("natural speed 0.5–2");
        if (firstChunkChars < 10 || firstChunkChars > maxChunkChars) {
            throw new IllegalArgumentException("first chunk must be 10..max chars");
        }
        if (sentencePause < 0 || clausePause < 0) throw new IllegalArgumentException("pauses must not be negative");
    }

    /**
     * Sized for this machine (one utterance per two cores, each on up to two threads: on a 2-core box one utterance
     * at a time, as fast as the box allows); 6 steps, pace 1.05, chunks of ≤300 chars (the first chunk of a
     * response is cut by the plan's {@code FirstChunk} rule, the same for every engine), pauses 0.3 s / 0.12 s.
     */
    public static SupertonicSettings defaults() {
        return forThreads(Math.max(1, Math.min(2, cores())));
    }

    /** The defaults with {@code threads} per run and as many runs at once as the cores allow (at least one). */
    public static SupertonicSettings forThreads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("Supertonic threads must be 1–64: " + threads);
        }
        return new SupertonicSettings(OnnxSettings.defaults().withIntraOpThreads(threads),
                Math.max(1, cores() / threads), DEFAULT_STEPS, 1.05, 300, 300, 0.3, 0.12);
    }

    private static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public SupertonicSettings withOnnx(OnnxSettings newOnnx) {
        return new SupertonicSettings(newOnnx, parallelism, defaultSteps, naturalSpeed, maxChunkChars,
                firstChunkChars, sentencePause, clausePause);
    }

    public SupertonicSettings withParallelism(int n) {
        return new SupertonicSettings(onnx, n, defaultSteps, naturalSpeed, maxChunkChars, firstChunkChars,
                sentencePause, clausePause);
    }

    public SupertonicSettings withNaturalSpeed(double speed) {
        return new SupertonicSettings(onnx, parallelism, defaultSteps, speed, maxChunkChars, firstChunkChars,
                sentencePause, clausePause);
    }

    public SupertonicSettings withPauses(double sentence, double clause) {
        return new SupertonicSettings(onnx, parallelism, defaultSteps, naturalSpeed, maxChunkChars, firstChunkChars,
                sentence, clause);
    }

    public SupertonicSettings withChunkChars(int max, int first) {
        return new SupertonicSettings(onnx, parallelism, defaultSteps, naturalSpeed, max, first, sentencePause,
                clausePause);
    }
}
