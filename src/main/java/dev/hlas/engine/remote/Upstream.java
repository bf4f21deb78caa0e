package dev.hlas.engine.remote;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One speech server the gateway forwards sentences to.
 *
 * @param name      short name, unique in the file: voices appear as {@code <name>:<voice>}
 * @param url       base URL; requests go to {@code <url>/v1/audio/speech}
 * @param apiKey    the key sent as {@code Authorization: Bearer}, or null; never shown anywhere
 * @param kind      what kind of server it is
 * @param voices    the voices it serves (listed in /v1/audio/voices); empty with {@code anyVoice}
 * @param anyVoice  whether it accepts any voice name ({@code voices: "*"}); such voices are not listed
 * @param languages language codes its voices speak, most important first; empty means any
 * @param model     the {@code model} sent upstream
 * @param timeout   time allowed to connect and receive the first byte, and between two reads of the audio
 * @param priority  order among upstreams serving the same voice: lower is tried first
 * @param breakerFailures failures in a row that open its circuit breaker
 * @param breakerCooldown time between health probes while the breaker is open
 */
public record Upstream(String name, URI url, String apiKey, Kind kind, Set<String> voices, boolean anyVoice,
                       List<String> languages, String model, Duration timeout, int priority, int breakerFailures,
                       Duration breakerCooldown) {
    /** What kind of server an upstream is. Both speak OpenAI's {@code /v1/audio/speech}. */
    public enum Kind { OPENAI, HLAS }

    public Upstream {
        voices = Set.copyOf(voices);
        languages = List.copyOf(languages);
    }

    /** The path a health probe GETs: Hlas's liveness route, else OpenAI's model list. */
    public String probePath() {
        return kind == Kind.HLAS ? "/health" : "/v1/models";
    }

    /** Whether this upstream serves {@code voice}. */
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
