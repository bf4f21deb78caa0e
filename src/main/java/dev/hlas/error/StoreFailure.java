package dev.hlas.error;

/**
 * Installing, importing, verifying or reading a voice in the voice store failed; the message says what to do.
 * Nothing is left half-installed.
 */
public final class StoreFailure extends HlasException {
    public StoreFailure(String message) {
        super(message, null);
    }

    public StoreFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "voice_store_failure";
    }
}
