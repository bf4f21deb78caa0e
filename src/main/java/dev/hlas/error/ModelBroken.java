package dev.hlas.error;

/**
 * An installed model cannot be loaded or used: missing, truncated, corrupt, or with an unexpected signature. The
 * message says which file and, where known, the command that reinstalls it.
 */
public final class ModelBroken extends HlasException {
    public ModelBroken(String message) {
        super(message, null);
    }

    public ModelBroken(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "model_broken";
    }
}
