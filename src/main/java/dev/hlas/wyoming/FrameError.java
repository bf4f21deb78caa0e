package dev.hlas.wyoming;

/**
 * A frame the reader could not accept. {@link #fatal()} errors leave the stream at an unknown position (an oversize
 * length, a header line without end): the connection is closed after the {@code error} event. Others (a header line
 * that is not JSON, a data block that is not a JSON object) were consumed whole and the connection goes on.
 */
final class FrameError extends Exception {
    private final String code;
    private final boolean fatal;

    FrameError(String code, String message, boolean fatal) {
        super(message, null, false, false);
        this.code = code;
        this.fatal = fatal;
    }

    String code() {
        return code;
    }

    boolean fatal() {
        return fatal;
    }
}
