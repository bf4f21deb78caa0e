package dev.hlas.wyoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes Wyoming frames the way the reference Python library does: a header line {@code {"type", "version",
 * "data_length"?, "payload_length"?}}, the data as a separate JSON block (omitted when empty), then the payload.
 * Writes of one connection are serialized here (a response's audio and a {@code describe} answer never interleave).
 *
 * <p>While a write blocks {@link #writeStartedNanos()} is non-zero, so a watchdog can disconnect a client that stopped
 * reading instead of letting it hold a thread and an engine place.
 */
final class FrameWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEWLINE = {'\n'};
    private final OutputStream out;
    private volatile long writeStartedNanos;
    private volatile long lastWriteNanos = System.nanoTime();

    FrameWriter(OutputStream out) {
        this.out = out;
    }

    /** When the write in progress started; 0 when none is. */
    long writeStartedNanos() {
        return writeStartedNanos;
    }

    /** When the last write finished (or the writer was created). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Encodes one event as its bytes on the wire. */
    static byte[] encode(WyomingEvent event) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("type", event.type());
            header.put("version", WyomingProtocol.VERSION);
            byte[] data = event.data().isEmpty() ? new byte[0] : JSON.writeValueAsBytes(event.data());
            if (data.length > 0) header.put("data_length", data.length);
            if (event.payload().length > 0) header.put("payload_length", event.payload().length);
            byte[] line = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[line.length + 1 + data.length + event.payload().length];
            System.arraycopy(line, 0, frame, 0, line.length);
            frame[line.length] = NEWLINE[0];
            System.arraycopy(data, 0, frame, line.length + 1, data.length);
            System.arraycopy(event.payload(), 0, frame, line.length + 1 + data.length, event.payload().length);
            return frame;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialization failed", e);
        }
    }

    /** Writes and flushes one event. */
    synchronized void write(WyomingEvent event) throws IOException {
        byte[] frame = encode(event);
        writeStartedNanos = System.nanoTime();
        try {
            out.write(frame);
            out.flush();
        } finally {
            writeStartedNanos = 0;
            lastWriteNanos = System.nanoTime();
        }
    }
}
