package dev.hlas.api;

import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.AudioOutput;
import dev.hlas.engine.PcmChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * Writes a response body of server-sent events ({@code stream_format: "sse"}) as OpenAI specifies: one
 * {@code speech.audio.delta} per encoded piece, whose base64 {@code audio} fields concatenate to exactly the bytes
 * the plain audio stream would carry, then {@code speech.audio.done} with {@code usage}. A failure after the first
 * event ends the stream with an {@code error} event carrying the OpenAI error fields, never a silent end.
 */
final class SseBody {
    static final String CONTENT_TYPE = "text/event-stream";
    private static final int REPLAY_PIECE = 32 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SseBody.class);

    private final OutputStream out;

    private SseBody(OutputStream out) {
        this.out = out;
    }

    /** The events of a response, without a copy of the audio (see the full overload). */
    static OptionalDouble write(PcmSource source, PcmChunk first, Runnable cancel, AudioFormat format, int rate,
                                double volume, String input, OutputStream out)
            throws IOException, InterruptedException {
        return write(source, first, cancel, format, rate, volume, input, UnaryOperator.identity(), out);
    }

    /**
     * @param first the chunk already taken from {@code source}
     * @param cancel called when synthesis must stop (a failure while writing)
     * @param audioTee wraps the stream the encoded audio goes to before it is put into events (the response cache
     *                 keeps a copy this way); {@code UnaryOperator.identity()} for none
     * @return seconds of audio sent, or empty when the stream ended with an {@code error} event
     * @throws IOException when the client went away (nothing more can be told to it)
     */
    static OptionalDouble write(PcmSource source, PcmChunk first, Runnable cancel, AudioFormat format, int rate,
                                double volume, String input, UnaryOperator<OutputStream> audioTee, OutputStream out)
            throws IOException, InterruptedException {
        SseBody events = new SseBody(out);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (AudioOutput audio = AudioOutput.open(format, rate, volume, audioTee.apply(encoded))) {
            try {
                for (PcmChunk chunk = first; chunk != null; chunk = source.next()) {
                    audio.write(chunk);
                    events.delta(encoded);
                }
                audio.finish();
                events.delta(encoded);
                events.done(SpeechUsage.of(input, audio.seconds()));
                return OptionalDouble.of(audio.seconds());
            } catch (RuntimeException failure) {
                cancel.run();
                ErrorMapper.HttpError error = ErrorMapper.toHttp(failure);
                log.error("speech SSE stream failed after it started; sending an error event", failure);
                events.error(error);
                return OptionalDouble.empty();
            }
        }
    }

    /**
     * Sends a complete, already encoded audio response (a cache hit) as the same events: deltas of at most
     * {@value #REPLAY_PIECE} bytes, then {@code speech.audio.done} with the usage of the original.
     */
    static void replay(byte[] audio, double audioSeconds, String input, OutputStream out) throws IOException {
        SseBody events = new SseBody(out);
        ByteArrayOutputStream piece = new ByteArrayOutputStream(REPLAY_PIECE);
        for (int off = 0; off < audio.length; off += REPLAY_PIECE) {
            piece.write(audio, off, Math.min(REPLAY_PIECE, audio.length - off));
            events.delta(piece);
        }
        events.done(SpeechUsage.of(input, audioSeconds));
    }

    private void delta(ByteArrayOutputStream encoded) throws IOException {
        if (encoded.size() == 0) return;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "speech.audio.delta");
        event.put("audio", Base64.getEncoder().encodeToString(encoded.toByteArray()));
        encoded.reset();
        send(event);
    }

    private void done(SpeechUsage usage) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "speech.audio.done");
        event.put("usage", usage.toJson());
        send(event);
    }

    private void error(ErrorMapper.HttpError error) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "error");
        event.put("error", error.envelope());
        send(event);
    }

    private void send(Map<String, Object> event) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.bytes(event));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
