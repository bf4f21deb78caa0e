package dev.hlas.engine.onnx;

/** A model file could not be loaded or run: missing, truncated, corrupt, or with an unexpected signature. */
public class OnnxModelException extends RuntimeException {
    public OnnxModelException(String message) {
        super(message);
    }

    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
