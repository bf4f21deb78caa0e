package dev.hlas.voice;

import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.supertonic.SupertonicEngine;
import dev.hlas.engine.supertonic.SupertonicText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names that stand for a different concrete voice per language: OpenAI's 13 built-in voice names, which clients
 * hard-code. For each language an alias lists candidate voice ids, best first; the first installed one speaks.
 * When no candidate for a language is installed, espeak-ng's voice for the language speaks, with the alias's
 * espeak variant so that different aliases still sound different.
 */
public final class VoiceAliases {
    /** OpenAI's built-in voice names. */
    public static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable",
            "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar");

    private final Map<String, Alias> aliases;

    private VoiceAliases(Map<String, Alias> aliases) {
        this.aliases = Map.copyOf(aliases);
    }

    /**
     * One alias.
     *
     * @param name          the alias ({@code alloy})
     * @param espeakVariant espeak-ng variant used in the espeak fallback ({@code f2}, {@code m3})
     * @param englishAccent {@code en-us} or {@code en-gb}: which English espeak voice the fallback uses
     * @param candidates    per language family, voice ids to try in order
     */
    public record Alias(String name, String espeakVariant, String englishAccent, Map<String, List<String>> candidates) {
        public Alias {
            candidates = Map.copyOf(candidates);
        }

        /** Candidates for a language family, best first. */
        public List<String> candidatesFor(String language) {
            return candidates.getOrDefault(LanguageCodes.family(language), List.of());
        }
    }

    /**
     * The built-in table: every OpenAI name maps to a voice in every language. Piper voices come first where one
     * exists; for English then the alias's Kokoro voice of the same character (the most natural English), then its
     * Supertonic-3 style (female names → F*, male → M*), which also covers the other languages Supertonic speaks.
     * Candidates that are not installed are skipped.
     */
    public static VoiceAliases openAiDefaults() {
        Map<String, Alias> map = new LinkedHashMap<>();
        add(map, "alloy", "f2", "en-us", "en_US-lessac-medium", "af_alloy", "F1");
        add(map, "ash", "m3", "en-us", "en_US-ryan-medium", "am_michael", "M1");
        add(map, "ballad", "m2", "en-gb", "en_GB-northern_english_male-medium", "bm_lewis", "M2");
        add(map, "coral", "f3", "en-us", "en_US-amy-medium", "af_heart", "F2");
        add(map, "echo", "m1", "en-us", "en_US-ryan-medium", "am_echo", "M3");
        add(map, "fable", "m4", "en-gb", "en_GB-alba-medium", "bm_fable", "M4");
        add(map, "onyx", "m7", "en-us", "en_US-ryan-medium", "am_onyx", "M5");
        add(map, "nova", "f4", "en-us", "en_US-amy-medium", "af_nova", "F3");
        add(map, "sage", "f1", "en-us", "en_US-lessac-medium", "af_sarah", "F4");
        add(map, "shimmer", "f5", "en-us", "en_US-amy-medium", "af_sky", "F5");
        add(map, "verse", "m5", "en-us", "en_US-lessac-medium", "am_puck", "M2");
        add(map, "marin", "f3", "en-us", "en_US-lessac-medium", "af_bella", "F1");
        add(map, "cedar", "m6", "en-us", "en_US-ryan-medium", "bm_george", "M3");
        return new VoiceAliases(map);
    }

    private static void add(Map<String, Alias> map, String name, String variant, String accent, String englishVoice,
                            String kokoroVoice, String supertonicStyle) {
        String supertonic = SupertonicEngine.MODEL_ID + ":" + supertonicStyle;
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (String language : SupertonicText.LANGUAGES) candidates.put(language, List.of(supertonic));
        candidates.put("en", List.of(englishVoice, kokoroVoice, supertonic));
        candidates.put("cs", List.of("cs_CZ-jirka-medium", supertonic));
        candidates.put("sk", List.of("sk_SK-lili-medium", supertonic));
        candidates.put("de", List.of("de_DE-thorsten-medium", supertonic));
        map.put(name, new Alias(name, variant, accent, candidates));
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
        return new VoiceAliases(map);
    }

    private static void prefer(Map<String, List<String>> candidates, String language, String voice) {
        String family = LanguageCodes.family(language);
        List<String> list = new java.util.ArrayList<>();
        list.add(voice);
        candidates.getOrDefault(family, List.of()).stream().filter(v -> !v.equals(voice)).forEach(list::add);
        candidates.put(family, List.copyOf(list));
    }

    public Optional<Alias> find(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    public Set<String> names() {
        return aliases.keySet();
    }
}
