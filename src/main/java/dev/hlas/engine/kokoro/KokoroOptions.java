package dev.hlas.engine.kokoro;

import dev.hlas.engine.onnx.OnnxSettings;

/**
 * How the Kokoro engine runs on this machine.
 *
 * @param onnx        ORT session settings; arena and memory patterns stay off so memory is flat across input
 *                    lengths (performance spec, pitfall 3: Kokoro's varying shapes made memory patterns grow
 *                    without bound)
 * @param parallelism utterances synthesized at once, each with {@code onnx.intraOpThreads()} threads
 * @param chunker     how long utterances are cut into model runs
 */
public record KokoroOptions(OnnxSettings onnx, int parallelism, KokoroChunker chunker) {
    public KokoroOptions {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1: " + parallelism);
    }

    /**
     * For this machine: Kokoro is slower than real time on one core, so one request gets up to two threads (1→2
     * threads is 1.6–1.76× faster; more is slower on 2 cores), and the rest of the cores serve further requests.
     */
    public static KokoroOptions defaults() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int threads = threadsOverride().orElse(Math.min(2, cores));
        return new KokoroOptions(OnnxSettings.defaults().withIntraOpThreads(threads), Math.max(1, cores / threads),
                KokoroChunker.defaults());
    }

    /**
     * Threads per run from {@code HLAS_KOKORO_THREADS} (or the system property {@code hlas.kokoro.threads}), until
     * the server configuration grows an engines section.
     */
    static java.util.Optional<Integer> threadsOverride() {
        String value = System.getProperty("hlas.kokoro.threads", System.getenv("HLAS_KOKORO_THREADS"));
        if (value == null || value.isBlank()) return java.util.Optional.empty();
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) return java.util.Optional.of(n);
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("HLAS_KOKORO_THREADS must be a positive integer: " + value);
    }

    public KokoroOptions withThreads(int intraOpThreads) {
        return new KokoroOptions(onnx.withIntraOpThreads(intraOpThreads), parallelism, chunker);
    }

    public KokoroOptions withParallelism(int n) {
        return new KokoroOptions(onnx, n, chunker);
    }

    public KokoroOptions withChunker(KokoroChunker newChunker) {
        return new KokoroOptions(onnx, parallelism, newChunker);
    }
}
