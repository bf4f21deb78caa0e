package dev.hlas.error;

/**
 * The requested voice is unknown, not installed, or cannot speak what was asked (a speaker it lacks, a language no
 * installed voice speaks). The message names the install command when one exists.
 */
public final class VoiceUnavailable extends HlasException {
    private final String param;

    public VoiceUnavailable(String message) {
        this("voice", message);
    }

    public VoiceUnavailable(String param, String message) {
        super(message, null, false);
        this.param = param;
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public String code() {
        return "voice_not_found";
    }
}
