package dev.hlas.compat;

/** The columns of the compatibility table: what a client needs from the server. */
public enum Feature {
    VOICES("voices list"),
    MODELS("models list"),
    SPEECH("speech request"),
    FORMATS("formats"),
    STREAMING("streaming"),
    SSE("SSE"),
    ERRORS("errors"),
    AUTH("auth"),
    STT("transcription");

    final String title;

    Feature(String title) {
        this.title = title;
    }
}
