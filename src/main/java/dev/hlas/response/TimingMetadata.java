package dev.hlas.response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hlas.speech.SentenceTiming;

import java.util.List;
import java.util.Map;

/**
 * Keeps a response's sentence timings with its cached audio, so a hit answers captions that match the stored bytes
 * exactly. Stored as JSON in metadata entries {@code timings.0}, {@code timings.1}, … of at most {@value #PART}
 * chars each (the disk tier keeps each entry under 64 KB).
 */
final class TimingMetadata {
    private static final String PREFIX = "timings.";
    private static final int PART = 16_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<SentenceTiming>> TYPE = new TypeReference<>() {
    };

    private TimingMetadata() {
    }

    static void put(Map<String, String> metadata, List<SentenceTiming> timings) {
        String json;
        try {
            json = JSON.writeValueAsString(timings);
        } catch (Exception e) {
            throw new IllegalStateException("timings did not serialize", e);
        }
        for (int i = 0, part = 0; i < json.length(); i += PART, part++) {
            metadata.put(PREFIX + part, json.substring(i, Math.min(json.length(), i + PART)));
        }
    }

    /** The timings stored in {@code metadata}; empty for an entry stored without them. */
    static List<SentenceTiming> get(Map<String, String> metadata) {
        StringBuilder json = new StringBuilder();
        for (int part = 0; metadata.containsKey(PREFIX + part); part++) json.append(metadata.get(PREFIX + part));
        if (json.isEmpty()) return List.of();
        try {
            return JSON.readValue(json.toString(), TYPE);
        } catch (Exception e) {
            return List.of();
        }
    }
}
