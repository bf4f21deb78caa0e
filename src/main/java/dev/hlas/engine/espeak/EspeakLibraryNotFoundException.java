package dev.hlas.engine.espeak;

/** libespeak-ng (or its data) could not be found or initialized; the message says how to fix it. */
public class EspeakLibraryNotFoundException extends RuntimeException {
    public EspeakLibraryNotFoundException(String message) {
        super(message);
    }
}
