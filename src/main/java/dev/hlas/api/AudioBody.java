package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.AudioOutput;
import dev.hlas.engine.PcmChunk;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a response body of raw audio ({@code stream_format: "audio"}): one encoder for the whole response, bytes
 * flushed to the client after every chunk. A failure propagates, so the caller can abort the connection rather than
 * end a truncated file cleanly.
 */
final class AudioBody {
    private AudioBody() {
    }

    /**
     * @param first the chunk already taken from {@code source} (the caller waits for it before committing)
     * @return seconds of audio written
     */
    static double write(PcmSource source, PcmChunk first, AudioFormat format, int rate, double volume,
                        OutputStream out) throws IOException, InterruptedException {
        try (AudioOutput audio = AudioOutput.open(format, rate, volume, out)) {
            for (PcmChunk chunk = first; chunk != null; chunk = source.next()) {
                audio.write(chunk);
                out.flush();
            }
            audio.finish();
            out.flush();
            return audio.seconds();
        }
    }
}
