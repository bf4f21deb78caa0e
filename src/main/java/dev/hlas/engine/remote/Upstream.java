package dev.hlas.engine.remote;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One speech server the gateway forwards sentences to (its configuration; its health lives in {@link UpstreamState}).
 *
 * @param name            short name, unique in the file: voices appear as {@code <name>:<voice>}
 * @param url             base URL; requests go to {@code <url>/v1/audio/speech}
 * @param apiKey          the key sent as {@code Authorization: Bearer}, or null; never shown anywhere
 * @param kind            what kind of server it is
 * @param voices          the voices configured for it (listed in /v1/audio/voices); empty with {@code anyVoice}, or
 *                        when its own listing is to be used
 * @param anyVoice        whether it accepts any voice name ({@code voices: "*"}); such voices are not listed
 * @param languages       language codes its voices speak, most important first; empty means any
 * @param model           the {@code model} sent upstream
 * @param timeout         time allowed to connect and receive the first byte, and between two reads of the audio
 * @param priority        order among upstreams serving the same voice: lower is tried first
 * @param weight          share of the requests among upstreams of equal priority that list the same voice
 * @param maxConcurrent   most requests in flight to it at once, 0 for no limit
 * @param breakerFailures failures in a row that open its circuit breaker
 * @param breakerCooldown time between health probes while the breaker is open
 * @param probeInterval   time between health probes while it is healthy
 * @param audio           how its audio is asked for
 * @param sampleRate      the rate of its {@code pcm} (OpenAI's is 24 kHz)
 * @param wholeInput      whether it is given a request's whole text (it splits sentences itself) rather than sentences
 * @param tts             whether it speaks at all (a {@code tts:} section); with no configured voices and not
 *                        {@code anyVoice}, its voices are the ones its own {@code /v1/audio/voices} lists
 * @param sttModels       speech-to-text models it serves (transcription requests naming them are relayed to it)
 */
public record Upstream(String name, URI url, String apiKey, Kind kind, Set<String> voices, boolean anyVoice,
                       List<String> languages, String model, Duration timeout, int priority, int weight,
                       int maxConcurrent, int breakerFailures, Duration breakerCooldown, Duration probeInterval,
                       Audio audio, int sampleRate, boolean wholeInput, boolean tts, List<String> sttModels) {
    /** What kind of server an upstream is. Both speak OpenAI's {@code /v1/audio/speech}. */
    public enum Kind { OPENAI, HLAS }

    /** The {@code response_format} asked of an upstream: raw 16-bit PCM, or WAV for servers that cannot send PCM. */
    public enum Audio { PCM, WAV }

    public Upstream {
        voices = Set.copyOf(voices);
        languages = List.copyOf(languages);
        sttModels = List.copyOf(sttModels);
    }

    /** The path a health probe GETs: Hlas's liveness route, else OpenAI's model list. */
    public String probePath() {
        return kind == Kind.HLAS ? "/health" : "/v1/models";
    }

    /** Whether this upstream's configuration names {@code voice} (its own listing may add more). */
    public boolean serves(String voice) {
        return anyVoice || voices.contains(voice);
    }

    /** Whether this upstream's voices speak the family of {@code language} (always, when no languages are set). */
    public boolean speaks(String language) {
        if (languages.isEmpty()) return true;
        String family = family(language);
        return languages.stream().anyMatch(l -> family(l).equals(family));
    }

    private static String family(String language) {
        int dash = language.indexOf('-');
        return (dash < 0 ? language : language.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** The name only: an upstream's URL and key must not end up in logs or messages through toString. */
    @Override
    public String toString() {
        return "upstream '" + name + "'";
    }
}
