package dev.hlas.text;

/**
 * What a request knows about its language besides its own text, used only for sentences whose words and letters
 * do not decide (see {@link FrontEndTextAnalyzer}). The server's default language is the analyzer's own setting.
 *
 * @param voiceLanguage   language family of the concrete voice the request named ({@code cs_CZ-jirka-medium} →
 *                        {@code cs}), or null for an OpenAI voice name, which speaks every language
 * @param sessionLanguage language of the latest sentence that decided itself earlier in the same session (a
 *                        WebSocket or Wyoming connection), or null
 */
public record LanguageContext(String voiceLanguage, String sessionLanguage) {
    /** No voice language, no session. */
    public static final LanguageContext NONE = new LanguageContext(null, null);

    public LanguageContext {
        voiceLanguage = blankToNull(voiceLanguage);
        sessionLanguage = blankToNull(sessionLanguage);
    }

    public static LanguageContext ofVoice(String voiceLanguage) {
        return new LanguageContext(voiceLanguage, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
