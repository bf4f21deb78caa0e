package dev.hlas.error;

/** API keys are configured and the request carries none, or a wrong one. */
public final class Unauthorized extends HlasException {
    public Unauthorized(String message) {
        super(message, null, false);
    }

    @Override
    public String code() {
        return "invalid_api_key";
    }
}
