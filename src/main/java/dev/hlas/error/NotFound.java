package dev.hlas.error;

/** A named thing the request refers to (a model, a route, a job) does not exist. */
public final class NotFound extends HlasException {
    private final String param;

    public NotFound(String param, String message) {
        super(message, null, false);
        this.param = param;
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public String code() {
        return "not_found";
    }
}
