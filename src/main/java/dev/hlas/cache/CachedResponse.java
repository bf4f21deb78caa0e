package dev.hlas.cache;

import java.util.Map;

/**
 * A complete response as it was sent: its encoded bytes and the headers that describe them.
 *
 * @param contentType  the response's content type
 * @param headers      descriptive headers to send again (sample rate, voices, languages)
 * @param audioSeconds duration of the audio
 * @param body         the encoded audio; owned by this record, never modified
 */
public record CachedResponse(String contentType, Map<String, String> headers, double audioSeconds, byte[] body) {
    public CachedResponse {
        if (contentType == null || body == null) throw new IllegalArgumentException("content type and body required");
        headers = Map.copyOf(headers);
    }

    /** Approximate memory the entry takes: the body, the headers (word timings can be a few KB) and overhead. */
    int weight() {
        long chars = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) chars += h.getKey().length() + h.getValue().length();
        return (int) Math.min(Integer.MAX_VALUE, body.length + 2 * chars + 256);
    }
}
