package dev.hlas.error;

/** An upload or body is larger than the server accepts; {@link #param()} names the field. */
public final class TooLarge extends HlasException {
    private final String param;

    public TooLarge(String param, String message) {
        super(message, null, false);
        this.param = param;
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public String code() {
        return "file_too_large";
    }
}
