package dev.hlas.wyoming;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Wyoming event: its type ({@code synthesize}, {@code audio-chunk} …), its JSON data (the header's inline
 * {@code data} with the separate data block merged over it) and its binary payload (empty when there is none).
 */
public record WyomingEvent(String type, Map<String, Object> data, byte[] payload) {
    private static final byte[] NONE = new byte[0];

    public WyomingEvent {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        if (payload == null) payload = NONE;
    }

    public static WyomingEvent of(String type) {
        return new WyomingEvent(type, Map.of(), NONE);
    }

    public static WyomingEvent of(String type, Map<String, Object> data) {
        return new WyomingEvent(type, data, NONE);
    }

    /** A string field of the data, or null when absent or not a string. */
    public String text(String key) {
        return data.get(key) instanceof String s ? s : null;
    }

    /** An object field of the data, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        return data.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
