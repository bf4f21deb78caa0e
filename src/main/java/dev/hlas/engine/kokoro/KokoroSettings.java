package dev.hlas.engine.kokoro;

import dev.hlas.engine.onnx.OnnxSettings;

/**
 * How the Kokoro engine runs on this machine (its slice of the server configuration).
 *
 * @param onnx        ORT session settings; arena and memory patterns stay off so memory is flat across input
 *                    lengths (Kokoro's input shapes change with every chunk, and memory patterns grew without bound)
 * @param parallelism utterances synthesized at once, each with {@code onnx.intraOpThreads()} threads
 * @param chunker     how long utterances are cut into model runs
 */
public record KokoroSettings(OnnxSettings onnx, int parallelism, KokoroChunker chunker) {
    public KokoroSettings {
        if (onnx == null) onnx = OnnxSettings.defaults();
        if (chunker == null) chunker = KokoroChunker.whole();
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1: " + parallelism);
    }

    /**
     * For this machine: Kokoro is slower than real time on one core, so one request gets up to two threads (1→2
     * threads is 1.6–1.76× faster; more is slower on 2 cores), and the rest of the cores serve further requests.
     */
    public static KokoroSettings defaults() {
        return forThreads(Math.min(2, cores()));
    }

    /** {@code threads} per run, and as many runs at once as the cores allow (at least one). */
    public static KokoroSettings forThreads(int threads) {
        if (threads < 1 || threads > 64) throw new IllegalArgumentException("Kokoro threads must be 1–64: " + threads);
        return new KokoroSettings(OnnxSettings.defaults().withIntraOpThreads(threads), Math.max(1, cores() / threads),
                KokoroChunker.whole());
    }

    private static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public KokoroSettings withThreads(int intraOpThreads) {
        return new KokoroSettings(onnx.withIntraOpThreads(intraOpThreads), parallelism, chunker);
    }

    public KokoroSettings withParallelism(int n) {
        return new KokoroSettings(onnx, n, chunker);
    }

    public KokoroSettings withChunker(KokoroChunker newChunker) {
        return new KokoroSettings(onnx, parallelism, newChunker);
    }
}
