package dev.hlas.error;

/** The request is malformed or one of its fields has a bad value; {@link #param()} names the field. */
public final class InvalidRequest extends HlasException {
    public static final String INVALID_VALUE = "invalid_value";
    private final String param;
    private final String code;

    public InvalidRequest(String param, String code, String message) {
        super(message, null, false);
        this.param = param;
        this.code = code == null ? INVALID_VALUE : code;
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public String code() {
        return code;
    }
}
