package dev.hlas.engine.onnx;

/**
 * How ONNX Runtime sessions run on this machine. Threads are set explicitly (ORT's own default takes every core for
 * one run); spinning burns CPU between runs on a server that mostly idles; the CPU arena and memory patterns ratchet
 * memory up when input lengths vary, as they do sentence by sentence (see docs/ENGINES.md).
 *
 * @param intraOpThreads threads one {@code run()} may use (1 = best total throughput with one session per core)
 * @param interOpThreads threads for parallel graph branches (1 is right for these sequential models)
 * @param spinning       whether idle ORT threads spin-wait (off: a server mostly idles between requests)
 * @param cpuArena       ORT's CPU memory arena (off: keeps memory flat across very different input lengths)
 * @param memoryPattern  ORT's memory-pattern planning (off: it grows with every new input shape)
 */
public record OnnxSettings(int intraOpThreads, int interOpThreads, boolean spinning, boolean cpuArena,
                           boolean memoryPattern) {
    public OnnxSettings {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("ORT thread counts must be ≥ 1: " + intraOpThreads + "/" + interOpThreads);
        }
    }

    /** One thread per run, no spinning, flat memory. */
    public static OnnxSettings defaults() {
        return new OnnxSettings(1, 1, false, false, false);
    }

    public OnnxSettings withIntraOpThreads(int threads) {
        return new OnnxSettings(threads, interOpThreads, spinning, cpuArena, memoryPattern);
    }

    public OnnxSettings withSpinning(boolean spin) {
        return new OnnxSettings(intraOpThreads, interOpThreads, spin, cpuArena, memoryPattern);
    }
}
