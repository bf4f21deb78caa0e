package dev.hlas.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.LanguageCodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names that stand for a different concrete voice per language: OpenAI's 13 built-in voice names, which clients
 * hard-code. For each language an alias lists candidate voice ids, best first; the first installed one speaks.
 * When no candidate for a language is installed, the fallback ids speak (espeak-ng's voice for the language, with
 * the alias's variant so that different aliases still sound different).
 *
 * <p>The table is data, {@code aliases.json} in this package: voice ids of any engine appear there as plain strings,
 * so this stage depends on no engine.
 */
public final class VoiceAliases {
    /** OpenAI's built-in voice names. */
    public static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable",
            "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar");
    /** The key of candidates that serve any language their voice speaks. */
    public static final String ANY_LANGUAGE = "*";
    private static final String RESOURCE = "aliases.json";

    private final Map<String, Alias> aliases;
    private final List<String> fallback;

    private VoiceAliases(Map<String, Alias> aliases, List<String> fallback) {
        this.aliases = Map.copyOf(aliases);
        this.fallback = List.copyOf(fallback);
    }

    /**
     * One alias.
     *
     * @param name          the alias ({@code alloy})
     * @param espeakVariant espeak-ng variant used in the fallback ({@code f2}, {@code m3})
     * @param englishAccent {@code en-us} or {@code en-gb}: which English the fallback uses
     * @param candidates    per language family (or {@value #ANY_LANGUAGE}), voice ids to try in order
     */
    public record Alias(String name, String espeakVariant, String englishAccent, Map<String, List<String>> candidates) {
        public Alias {
            candidates = Map.copyOf(candidates);
        }

        /**
         * Candidates for a language, best first: the family's own, then the any-language ones (which only serve a
         * language their voice speaks, see {@link #forAnyLanguage}).
         */
        public List<String> candidatesFor(String language) {
            List<String> out = new ArrayList<>(candidates.getOrDefault(LanguageCodes.family(language), List.of()));
            candidates.getOrDefault(ANY_LANGUAGE, List.of()).stream().filter(v -> !out.contains(v)).forEach(out::add);
            return out;
        }

        /** Whether {@code voiceId} is among {@code language}'s candidates only as an any-language one. */
        public boolean forAnyLanguage(String language, String voiceId) {
            return !candidates.getOrDefault(LanguageCodes.family(language), List.of()).contains(voiceId);
        }
    }

    /** The built-in table (see {@code aliases.json}). */
    public static VoiceAliases openAiDefaults() {
        try (InputStream in = VoiceAliases.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("built-in " + RESOURCE + " is missing");
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in " + RESOURCE, e);
        }
    }

    private static VoiceAliases parse(JsonNode root) {
        Map<String, Alias> map = new LinkedHashMap<>();
        for (JsonNode a : root.path("aliases")) {
            Map<String, List<String>> candidates = new LinkedHashMap<>();
            a.path("candidates").properties().forEach(e -> {
                List<String> ids = new ArrayList<>();
                e.getValue().forEach(id -> ids.add(id.asText()));
                candidates.put(e.getKey(), List.copyOf(ids));
            });
            String name = a.path("name").asText();
            map.put(name, new Alias(name, a.path("espeak_variant").asText(), a.path("english_accent").asText("en-us"),
                    candidates));
        }
        List<String> fallback = new ArrayList<>();
        root.path("fallback").forEach(f -> fallback.add(f.asText()));
        return new VoiceAliases(map, fallback);
    }

    /**
     * The same aliases, each trying {@code defaults}' voice for a language first. A key is a language
     * ({@code cs → cs_CZ-jirka-low} makes every OpenAI name speak Czech with jirka-low when it is installed) or
     * {@code alias.language} for one alias ({@code echo.en → am_echo} routes only echo's English to Kokoro).
     */
    public VoiceAliases withLanguageDefaults(Map<String, String> defaults) {
        Map<String, Alias> map = new LinkedHashMap<>();
        for (Alias a : aliases.values()) {
            Map<String, List<String>> candidates = new LinkedHashMap<>(a.candidates());
            // Server-wide defaults ("en") first, then per-alias ones ("echo.en"), so the more specific wins.
            defaults.forEach((key, voice) -> {
                if (key.indexOf('.') < 0) prefer(candidates, key, voice);
            });
            defaults.forEach((key, voice) -> {
                int dot = key.indexOf('.');
                if (dot > 0 && key.substring(0, dot).equals(a.name())) prefer(candidates, key.substring(dot + 1), voice);
            });
            map.put(a.name(), new Alias(a.name(), a.espeakVariant(), a.englishAccent(), candidates));
        }
        return new VoiceAliases(map, fallback);
    }

    /**
     * Puts {@code voices} first among the candidates for {@code language}: one id, or several separated by {@code |}
     * in order of preference ({@code af_alloy|gpu:af_alloy}: the local voice when it is installed, else the upstream's).
     */
    private static void prefer(Map<String, List<String>> candidates, String language, String voices) {
        String family = LanguageCodes.family(language);
        List<String> preferred = Arrays.stream(voices.split("\\|")).map(String::strip).filter(v -> !v.isEmpty())
                .toList();
        List<String> list = new ArrayList<>(preferred);
        candidates.getOrDefault(family, List.of()).stream().filter(v -> !preferred.contains(v)).forEach(list::add);
        candidates.put(family, List.copyOf(list));
    }

    /** The ids that speak for {@code alias} in {@code language} when none of its candidates is installed. */
    public List<String> fallbackFor(Alias alias, String language) {
        String family = LanguageCodes.family(language);
        String spoken = family.equals("en") ? alias.englishAccent() : family;
        return fallback.stream().map(t -> t.replace("{language}", spoken).replace("{variant}", alias.espeakVariant()))
                .toList();
    }

    public Optional<Alias> find(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    public Set<String> names() {
        return aliases.keySet();
    }
}
