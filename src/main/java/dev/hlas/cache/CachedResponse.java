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

    /** Approximate memory the entry takes. */
    int weight() {
        return body.length + 256;
    }
}
