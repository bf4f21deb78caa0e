package dev.hlas.wyoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Wyoming frames: a JSON header line {@code {"type", "data"?, "data_length"?, "payload_length"?, "version"?}},
 * then {@code data_length} bytes of JSON merged over {@code data}, then {@code payload_length} bytes of payload. Both
 * the inline form ({@code data} in the header) and the separate form are read; every size is bounded.
 *
 * <p>While a frame is arriving {@link #frameStartedNanos()} is non-zero, so a watchdog can disconnect a client that
 * starts a frame and never finishes it. One thread reads.
 */
final class FrameReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private volatile long frameStartedNanos;
    private volatile long lastFrameNanos = System.nanoTime();

    FrameReader(InputStream in) {
        this.in = in;
    }

    /** When the frame being read started arriving; 0 between frames. */
    long frameStartedNanos() {
        return frameStartedNanos;
    }

    /** When the last frame was completed (or the reader created). */
    long lastFrameNanos() {
        return lastFrameNanos;
    }

    /**
     * The next event; null when the client closed the connection between frames.
     *
     * @throws EOFException when the connection ended inside a frame
     * @throws FrameError   when a frame is malformed or too large
     */
    WyomingEvent read() throws IOException, FrameError {
        try {
            while (true) {
                byte[] line = readLine();
                if (line == null) return null;
                if (isBlank(line)) continue;
                return parse(line);
            }
        } finally {
            frameStartedNanos = 0;
            lastFrameNanos = System.nanoTime();
        }
    }

    private WyomingEvent parse(byte[] line) throws IOException, FrameError {
        JsonNode header;
        try {
            header = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new FrameError("malformed_header", "The header line is not JSON.", false);
        }
        if (header == null || !header.isObject()) {
            throw new FrameError("malformed_header", "The header line must be a JSON object.", false);
        }
        int dataLength = length(header, "data_length", WyomingProtocol.MAX_DATA_BYTES);
        int payloadLength = length(header, "payload_length", WyomingProtocol.MAX_PAYLOAD_BYTES);
        byte[] dataBytes = readExactly(dataLength);
        byte[] payload = readExactly(payloadLength);
        JsonNode type = header.get("type");
        if (type == null || !type.isTextual() || type.textValue().isBlank()) {
            throw new FrameError("malformed_header", "The header has no 'type'.", false);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        JsonNode inline = header.get("data");
        if (inline != null && !inline.isNull()) {
            if (!inline.isObject()) throw new FrameError("malformed_data", "'data' must be a JSON object.", false);
            data.putAll(toMap(inline));
        }
        if (dataLength > 0) {
            JsonNode separate;
            try {
                separate = JSON.readTree(dataBytes);
            } catch (JsonProcessingException e) {
                throw new FrameError("malformed_data", "The data block is not JSON.", false);
            }
            if (separate == null || !separate.isObject()) {
                throw new FrameError("malformed_data", "The data block must be a JSON object.", false);
            }
            data.putAll(toMap(separate));
        }
        return new WyomingEvent(type.textValue(), data, payload);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    /** A declared length: absent or null is 0; negative, fractional or above {@code max} ends the connection. */
    private static int length(JsonNode header, String field, int max) throws FrameError {
        JsonNode n = header.get(field);
        if (n == null || n.isNull()) return 0;
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw new FrameError("malformed_header", "'" + field + "' must be a non-negative integer.", true);
        }
        if (!n.canConvertToLong() || n.asLong() > max) {
            throw new FrameError("frame_too_large", "'" + field + "' " + n.asText() + " is above the limit of "
                    + max + " bytes.", true);
        }
        return (int) n.asLong();
    }

    /** A line up to and including its newline (without it), or null at the end of the stream before any byte. */
    private byte[] readLine() throws IOException, FrameError {
        ByteArrayOutputStream line = null;
        while (true) {
            if (position == limit && !fill()) {
                if (line == null) return null;
                throw new EOFException("connection ended inside a header line");
            }
            if (frameStartedNanos == 0) frameStartedNanos = System.nanoTime();
            int start = position;
            while (position < limit && buffer[position] != '\n') position++;
            int taken = position - start;
            int total = (line == null ? 0 : line.size()) + taken;
            if (total >= WyomingProtocol.MAX_HEADER_BYTES) {
                throw new FrameError("frame_too_large", "The header line is longer than "
                        + WyomingProtocol.MAX_HEADER_BYTES + " bytes.", true);
            }
            if (position < limit) { // found the newline
                position++;
                if (line == null) return Arrays.copyOfRange(buffer, start, start + taken);
                line.write(buffer, start, taken);
                return line.toByteArray();
            }
            if (line == null) line = new ByteArrayOutputStream();
            line.write(buffer, start, taken);
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (position == limit && !fill()) throw new EOFException("connection ended inside a frame");
            int take = Math.min(n - done, limit - position);
            System.arraycopy(buffer, position, out, done, take);
            position += take;
            done += take;
        }
        return out;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) return false;
        position = 0;
        limit = n;
        return true;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) if (b != ' ' && b != '\r' && b != '\t') return false;
        return true;
    }
}
