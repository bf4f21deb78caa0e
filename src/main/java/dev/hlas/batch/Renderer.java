package dev.hlas.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.speech.SpeechRequest;

import java.io.IOException;
import java.io.OutputStream;

/** Where a batch's audio comes from: the in-process pipeline or a running server. */
public interface Renderer extends AutoCloseable {
    /**
     * Renders one validated row into {@code out}.
     *
     * @param body    the row as a speech-request body (defaults applied, no {@code id})
     * @param request the same row as parsed by the HTTP rules
     * @throws dev.hlas.error.HlasException when the request fails; a {@link dev.hlas.error.Busy} is retried
     */
    Rendered render(ObjectNode body, SpeechRequest request, OutputStream out) throws IOException, InterruptedException;

    @Override
    default void close() {
    }
}
