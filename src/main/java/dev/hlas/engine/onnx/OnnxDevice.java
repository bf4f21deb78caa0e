package dev.hlas.engine.onnx;

import java.util.Locale;

/**
 * Where ONNX Runtime runs the models: {@code auto} takes CUDA when ONNX Runtime's CUDA provider loads and the CPU
 * otherwise, {@code cpu} never tries CUDA, {@code cuda} asks for it and still continues on the CPU (with a warning)
 * when it cannot be had: a server that cannot get its GPU keeps speaking rather than refusing to start.
 */
public enum OnnxDevice {
    AUTO, CPU, CUDA;

    /** {@code auto|cpu|cuda}, any case. */
    public static OnnxDevice parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "auto" -> AUTO;
            case "cpu" -> CPU;
            case "cuda", "gpu" -> CUDA;
            default -> throw new IllegalArgumentException("--device must be auto, cpu or cuda: " + text);
        };
    }
}
