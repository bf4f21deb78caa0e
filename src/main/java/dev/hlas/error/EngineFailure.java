package dev.hlas.error;

/** Synthesis failed inside an engine (a native error, a model run that failed, output of the wrong shape). */
public final class EngineFailure extends HlasException {
    public EngineFailure(String message) {
        super(message, null);
    }

    public EngineFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "engine_failure";
    }
}
