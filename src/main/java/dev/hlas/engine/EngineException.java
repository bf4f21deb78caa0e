package dev.hlas.engine;

/** Synthesis failed inside an engine (native error, corrupt model, bad model output). */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
