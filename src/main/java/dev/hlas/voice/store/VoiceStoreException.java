package dev.hlas.voice.store;

/** Installing, importing or reading a voice failed; the message says what to do. Nothing is left half-installed. */
public class VoiceStoreException extends RuntimeException {
    public VoiceStoreException(String message) {
        super(message);
    }

    public VoiceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
