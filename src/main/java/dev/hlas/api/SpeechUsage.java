package dev.hlas.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code usage} object of an SSE {@code speech.audio.done} event. Hlas has no tokenizer of OpenAI's, so both
 * counts are documented estimates, stable for the same request:
 * <ul>
 *   <li>{@code input_tokens} = ⌈input characters / 4⌉ (code points; the usual rule of thumb for text tokens), at
 *       least 1;</li>
 *   <li>{@code output_tokens} = ⌈audio seconds × 20⌉: OpenAI bills speech output as audio tokens at roughly 20 per
 *       second (its per-minute price estimate for {@code gpt-4o-mini-tts} divided by its per-token audio price);</li>
 *   <li>{@code total_tokens} = their sum.</li>
 * </ul>
 *
 * @param inputTokens  estimated text tokens of the input
 * @param outputTokens estimated audio tokens of the output
 */
record SpeechUsage(long inputTokens, long outputTokens) {
    static final int CHARS_PER_TOKEN = 4;
    static final int AUDIO_TOKENS_PER_SECOND = 20;

    /** @param chars the input's length in code points */
    static SpeechUsage of(long chars, double audioSeconds) {
        long in = Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
        long out = (long) Math.ceil(audioSeconds * AUDIO_TOKENS_PER_SECOND - 1e-9);
        return new SpeechUsage(in, Math.max(0, out));
    }

    long totalTokens() {
        return inputTokens + outputTokens;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", inputTokens);
        m.put("output_tokens", outputTokens);
        m.put("total_tokens", totalTokens());
        return m;
    }
}
