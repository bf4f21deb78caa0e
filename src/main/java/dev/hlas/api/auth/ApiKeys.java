package dev.hlas.api.auth;

import dev.hlas.error.HlasException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The accepted API keys. None configured: the API is open. Otherwise a request must carry
 * {@code Authorization: Bearer <key>} with one of them.
 *
 * <p>Keys are held only as SHA-256 digests and a presented token is compared, by digest, with every key without
 * stopping at the first match ({@link MessageDigest#isEqual} is constant-time), so the time taken tells nothing about
 * which bytes or which key matched. A key is identified in metrics and logs by a label ({@code key-} plus the first 8
 * hex digits of its digest), never by the key itself.
 */
public final class ApiKeys {
    private static final String BEARER = "bearer ";
    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** Keys from a list (blank entries ignored). */
    public static ApiKeys of(List<String> keys) {
        List<byte[]> d = new ArrayList<>();
        for (String k : keys) if (k != null && !k.isBlank()) d.add(sha256(k.strip()));
        return new ApiKeys(d);
    }

    /** Whether keys are required. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * Checks an {@code Authorization} header value.
     *
     * @return the label of the matching key, or {@code anonymous} when no keys are configured
     * @throws HlasException 401 when keys are configured and the header is missing or wrong
     */
    public String authenticate(String authorization) {
        if (!enabled()) return "anonymous";
        if (authorization == null || authorization.isBlank()) {
            throw HlasException.unauthorized("You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String token = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : "";
        byte[] presented = sha256(token);
        int match = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(presented, digests.get(i)) & match < 0) match = i;
        }
        if (match < 0 || token.isEmpty()) {
            throw HlasException.unauthorized("Incorrect API key provided. Check the key configured for this server.");
        }
        return label(digests.get(match));
    }

    private static String label(byte[] digest) {
        return "key-" + HexFormat.of().formatHex(digest, 0, 4);
    }

    /** The label a key appears under in metrics and logs. */
    public static String labelOf(String key) {
        return label(sha256(key.strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
