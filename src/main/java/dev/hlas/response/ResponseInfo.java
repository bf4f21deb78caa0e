package dev.hlas.response;

import dev.hlas.audio.AudioFormat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transport may tell its client about a response before the first audio byte: everything is decided by then.
 *
 * @param format     the audio format the pieces are encoded in
 * @param sampleRate the rate of the encoded audio, in Hz
 * @param voices     ids of the voices that speak, in order of first use
 * @param languages  languages spoken, in order of first use
 * @param cache      whether the cache answered
 * @param characters length of the request's input in Unicode code points (what usage is counted in)
 * @param warnings   what the request asked for that is not done exactly (SSML not interpreted, phonemes a voice
 *                   cannot take), for a response header
 */
public record ResponseInfo(AudioFormat format, int sampleRate, List<String> voices, List<String> languages,
                           CacheStatus cache, int characters, List<String> warnings) {
    private static final String RATE = "sample_rate";
    private static final String VOICES = "voices";
    private static final String LANGUAGES = "languages";

    public ResponseInfo {
        voices = List.copyOf(voices);
        languages = List.copyOf(languages);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    public ResponseInfo(AudioFormat format, int sampleRate, List<String> voices, List<String> languages,
                        CacheStatus cache, int characters) {
        this(format, sampleRate, voices, languages, cache, characters, List.of());
    }

    /** The same response with the plan's warnings (a cached response is described again with its request's). */
    ResponseInfo withWarnings(List<String> newWarnings) {
        return new ResponseInfo(format, sampleRate, voices, languages, cache, characters, newWarnings);
    }

    /** The content type of the encoded audio. */
    public String contentType() {
        return format.contentType();
    }

    /** The same response as the cache describes it again on a hit. */
    ResponseInfo withCache(CacheStatus status) {
        return new ResponseInfo(format, sampleRate, voices, languages, status, characters, warnings);
    }

    /** The metadata kept with a cached response, from which {@link #fromMetadata} rebuilds this. */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RATE, Integer.toString(sampleRate));
        m.put(VOICES, String.join(",", voices));
        m.put(LANGUAGES, String.join(",", languages));
        return m;
    }

    static ResponseInfo fromMetadata(AudioFormat format, Map<String, String> m, CacheStatus cache, int characters) {
        return new ResponseInfo(format, Integer.parseInt(m.getOrDefault(RATE, "0")), split(m.get(VOICES)),
                split(m.get(LANGUAGES)), cache, characters);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
