package dev.hlas.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the voices stage: which voice speaks a language by default, and where voices are downloaded from.
 * Engines' own settings are in {@link EnginesConfig}.
 *
 * @param languageDefaults per language family, the voice that speaks it by default (loaded and warmed up at start;
 *                         OpenAI voice names try it first), e.g. {@code cs → cs_CZ-jirka-medium}
 * @param mirror           base URL replacing the model hubs' origin for downloads ({@code HF_ENDPOINT}-style), or null
 * @param defaultLanguage  language of a sentence that neither its words, its neighbours nor a concrete voice
 *                         decide (blank or null: the first language of {@code languageDefaults})
 */
public record VoiceConfig(Map<String, String> languageDefaults, URI mirror, String defaultLanguage) {
    /** The voices the OpenAI aliases prefer per language when installed, Czech first. */
    public static final Map<String, String> DEFAULT_LANGUAGE_VOICES = builtInLanguageVoices();

    public VoiceConfig {
        languageDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(
                languageDefaults == null ? DEFAULT_LANGUAGE_VOICES : languageDefaults));
        defaultLanguage = defaultLanguage == null || defaultLanguage.isBlank()
                ? firstLanguage(languageDefaults) : defaultLanguage.strip().toLowerCase(Locale.ROOT);
        if (!defaultLanguage.matches("[a-z]{2,3}")) {
            throw new IllegalArgumentException("default language must be a language code such as cs or en: "
                    + defaultLanguage);
        }
        if (mirror != null && !(mirror.getScheme() != null && mirror.getScheme().startsWith("http"))) {
            throw new IllegalArgumentException("mirror must be an http(s) URL: " + mirror);
        }
    }

    /** Settings with the default language taken from {@code languageDefaults}. */
    public VoiceConfig(Map<String, String> languageDefaults, URI mirror) {
        this(languageDefaults, mirror, null);
    }

    public static VoiceConfig defaults() {
        return new VoiceConfig(DEFAULT_LANGUAGE_VOICES, null);
    }

    private static Map<String, String> builtInLanguageVoices() {
        Map<String, String> voices = new LinkedHashMap<>();
        voices.put("cs", "cs_CZ-jirka-medium");
        voices.put("en", "en_US-lessac-medium");
        return Collections.unmodifiableMap(voices);
    }

    /** The first plain language key ({@code cs} of {@code cs=…,en=…}; per-alias keys such as {@code echo.en} are
     * skipped), else {@code en}. */
    private static String firstLanguage(Map<String, String> defaults) {
        for (String key : defaults.keySet()) if (!key.contains(".")) return key;
        return "en";
    }

    /**
     * Parses {@code cs=cs_CZ-jirka-medium,en=en_US-lessac-medium,echo.en=am_echo} (a key is a language, or an alias
     * and a language for one OpenAI voice name; a value may name several voices, {@code af_alloy|gpu:af_alloy}, the
     * first installed one speaking); blank means the built-in defaults.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static Map<String, String> parseLanguageDefaults(String spec) {
        if (spec == null || spec.isBlank()) return DEFAULT_LANGUAGE_VOICES;
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) continue;
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("default voices must look like cs=cs_CZ-jirka-medium,en=en_US-lessac-medium"
                        + " (or alias.language=voice, e.g. echo.en=am_echo); bad item '" + item.strip() + "'");
            }
            map.put(item.substring(0, eq).strip().toLowerCase(Locale.ROOT), item.substring(eq + 1).strip());
        }
        if (map.keySet().stream().allMatch(k -> k.contains("."))) {
            // Only per-alias choices given: keep the built-in language defaults underneath them.
            Map<String, String> merged = new LinkedHashMap<>(DEFAULT_LANGUAGE_VOICES);
            merged.putAll(map);
            return merged;
        }
        return map;
    }

    public VoiceConfig withMirror(URI newMirror) {
        return new VoiceConfig(languageDefaults, newMirror, defaultLanguage);
    }

    /** The same settings with other language defaults (and the default language taken from them). */
    public VoiceConfig withLanguageDefaults(Map<String, String> defaults) {
        return new VoiceConfig(defaults, mirror, null);
    }
}
