package dev.hlas.error;

/** The client went away (closed its connection, cancelled) before its response was complete: nobody to answer. */
public final class ClientGone extends HlasException {
    public ClientGone() {
        super("the client went away before its response was complete", null, false);
    }

    @Override
    public String code() {
        return "client_gone";
    }
}
