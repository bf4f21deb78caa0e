package dev.hlas.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Wyoming client written from the protocol's description, independent of the server's code: writes events in the
 * separate-data form (as the reference Python library does) or the inline form, reads events of both forms, and
 * exposes the raw socket for tests that misbehave on purpose.
 */
public final class WyomingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** One event as read: its header line as sent, data (inline merged with the separate block) and payload. */
    public record Event(String type, Map<String, Object> header, Map<String, Object> data, byte[] payload) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> object(String key) {
            return (Map<String, Object>) data.get(key);
        }

        public int integer(String key) {
            return ((Number) data.get(key)).intValue();
        }
    }

    public WyomingClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Wraps an already connected socket (one configured before connecting: small buffers, linger). */
    public WyomingClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    /** Writes an event with its data as a separate block after the header line ({@code data_length}). */
    public void send(String type, Map<String, Object> data) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", type);
        header.put("version", "1.9.0");
        byte[] bytes = data.isEmpty() ? new byte[0] : JSON.writeValueAsBytes(data);
        if (bytes.length > 0) header.put("data_length", bytes.length);
        out.write(JSON.writeValueAsBytes(header));
        out.write('\n');
        out.write(bytes);
        out.flush();
    }

    public void send(String type) throws IOException {
        send(type, Map.of());
    }

    /** Writes an event with its data inline in the header line. */
    public void sendInline(String type, Map<String, Object> data) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", type);
        header.put("data", data);
        out.write(JSON.writeValueAsBytes(header));
        out.write('\n');
        out.flush();
    }

    /** Writes raw bytes (malformed frames). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next event; null when the server closed the connection. */
    @SuppressWarnings("unchecked")
    public Event read() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) return null;
                throw new EOFException("connection ended inside a header line");
            }
            line.write(b);
        }
        Map<String, Object> header = JSON.readValue(line.toByteArray(), Map.class);
        Map<String, Object> data = new LinkedHashMap<>();
        if (header.get("data") instanceof Map<?, ?> inline) data.putAll((Map<String, Object>) inline);
        int dataLength = header.get("data_length") instanceof Number n ? n.intValue() : 0;
        if (dataLength > 0) data.putAll(JSON.readValue(in.readNBytes(dataLength), Map.class));
        int payloadLength = header.get("payload_length") instanceof Number n ? n.intValue() : 0;
        byte[] payload = payloadLength > 0 ? in.readNBytes(payloadLength) : new byte[0];
        if (payload.length < payloadLength) throw new EOFException("connection ended inside a payload");
        return new Event((String) header.get("type"), header, data, payload);
    }

    /** Reads events until one of {@code type} (included); fails if the connection ends first. */
    public List<Event> readUntil(String type) throws IOException {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event e = read();
            if (e == null) throw new EOFException("connection closed before " + type + "; got " + types(events));
            events.add(e);
            if (e.type().equals(type)) return events;
        }
    }

    /** Whether the server has closed the connection: reads until end of stream (events before it are dropped). */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (read() == null) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    public static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    /** The audio of every {@code audio-chunk} among {@code events}, concatenated. */
    public static byte[] audio(List<Event> events) {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        events.stream().filter(e -> e.type().equals("audio-chunk")).forEach(e -> pcm.writeBytes(e.payload()));
        return pcm.toByteArray();
    }

    public static Map<String, Object> text(String text) {
        return Map.of("text", text);
    }

    public static Map<String, Object> synthesize(String text, String voice) {
        return Map.of("text", text, "voice", Map.of("name", voice));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
