package dev.hlas.cache;

import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a response: SHA-256 over everything that changes its bytes — the analyzed sentences (normalized
 * text and language), each sentence's engine, voice and model version, the output format, the requested and the
 * effective output rate, speed, volume, requested language, normalization, engine knobs (noise scales,
 * steps, speaker), instructions and model name, the lexicons named and applied (with their versions), the input
 * format, each sentence's given phonemes, break, rate and SSML marks (the stored timings report them), plus
 * {@link #FORMAT_VERSION} and the server version (an encoder change must not serve old bytes). The stream format is not part of it: SSE and plain responses carry the same
 * audio bytes, framed differently by their transport, and share one entry.
 *
 * @param hex 64 lowercase hex digits
 */
public record CacheKey(String hex) {
    /** Bumped whenever the key's inputs or the meaning of cached bytes change. */
    static final String FORMAT_VERSION = "hlas-cache-4";
    private static final String SERVER_VERSION = serverVersion();

    public CacheKey {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("bad cache key: " + hex);
    }

    /**
     * The key of a plan's response.
     *
     * @param outputRate the rate the response is encoded at (the requested {@code sample_rate} or the format's
     *                   default for these voices)
     */
    public static CacheKey of(SpeechPlan plan, int outputRate) {
        SpeechRequest r = plan.request();
        StringBuilder b = new StringBuilder(256);
        field(b, FORMAT_VERSION);
        field(b, SERVER_VERSION);
        field(b, r.model());
        field(b, r.format());
        field(b, r.sampleRate());
        field(b, outputRate);
        field(b, r.speed());
        field(b, r.volume());
        field(b, r.language());
        field(b, r.normalize());
        field(b, r.noiseScale());
        field(b, r.noiseW());
        field(b, r.totalSteps());
        field(b, r.speaker());
        field(b, r.instructions());
        field(b, r.lexicons());
        field(b, r.inputFormat());
        field(b, plan.lexicons()); // name@version: editing a lexicon changes the key of every request using it
        field(b, plan.sentences().size());
        for (PlannedSentence s : plan.sentences()) {
            field(b, s.voice().engine().id());
            field(b, s.voice().id());
            field(b, s.voice().voice().modelVersion());
            field(b, s.sentence().language());
            field(b, s.sentence().text());
            field(b, s.sentence().delivery().audioKey());
            field(b, s.utterances().size()); // a first sentence cut into a clause and the rest sounds different
            // Marks do not change the audio, but the timings stored with it report them: a request with other
            // marks must not be answered with these. Sentences without marks keep the key they always had.
            if (!s.sentence().delivery().marks().isEmpty()) field(b, s.sentence().delivery().marks());
        }
        return new CacheKey(sha256(b.toString()));
    }

    /** Length-prefixed, so no two different field lists serialize alike. */
    private static void field(StringBuilder b, Object value) {
        String s = value == null ? "\u0000null" : value.toString();
        b.append(s.length()).append(':').append(s).append('|');
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String serverVersion() {
        String v = CacheKey.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
