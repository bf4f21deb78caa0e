package dev.hlas.stt;

/**
 * What a request asks of the recognizer.
 *
 * @param language    ISO-639-1 code of the spoken language, or null to detect it
 * @param prompt      text that conditions the first window (names, spelling, style), or null
 * @param temperature sampling temperature; 0 decodes greedily and lets the engine raise it when decoding fails
 * @param translate   true to translate into English instead of transcribing
 */
public record RecognitionOptions(String language, String prompt, double temperature, boolean translate) {
    public static RecognitionOptions transcribe(String language) {
        return new RecognitionOptions(language, null, 0, false);
    }
}
