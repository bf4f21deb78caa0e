package dev.hlas.api;

import dev.hlas.response.SpeechResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames a response as a body of raw audio ({@code stream_format: "audio"}): each piece written and flushed as it
 * comes. A failure propagates, so the error mapper aborts the connection rather than end a truncated file cleanly.
 */
final class AudioBody {
    private AudioBody() {
    }

    /** @param first the piece already taken from {@code response} (the handler waits for it before committing) */
    static void write(SpeechResponse response, byte[] first, OutputStream out)
            throws IOException, InterruptedException {
        for (byte[] piece = first; piece != null; piece = response.next()) {
            out.write(piece);
            out.flush();
        }
    }
}
