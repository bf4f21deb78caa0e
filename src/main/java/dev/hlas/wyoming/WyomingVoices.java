package dev.hlas.wyoming;

import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.HlasException;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;
import dev.hlas.voice.VoiceRegistry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What Home Assistant sees of Hlas's voices, and how a Wyoming {@code voice} becomes a {@link SpeechRequest}.
 *
 * <p>{@code info} lists one {@code tts} program whose voices are every installed voice and the OpenAI names (which
 * pick the best installed voice per language), plus speed variants {@code <voice>@<speed>} of the OpenAI names and
 * the neural voices (Home Assistant has no speed option for Wyoming, so speed is chosen in its voice picker). The
 * {@code @<speed>} suffix is accepted on any voice in {@code synthesize}.
 */
final class WyomingVoices {
    private static final double MIN_SPEED = 0.25;
    private static final double MAX_SPEED = 4.0;
    private final VoiceRegistry registry;
    private final List<Double> speeds;
    private final String defaultVoice;
    private final String defaultLanguage;
    private final String version;

    WyomingVoices(VoiceRegistry registry, List<Double> speeds, String defaultVoice, String defaultLanguage) {
        this.registry = registry;
        this.speeds = List.copyOf(speeds);
        this.defaultVoice = defaultVoice;
        this.defaultLanguage = defaultLanguage;
        String v = WyomingVoices.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
    }

    /**
     * The voice a client asked for.
     *
     * @param voice    voice id or OpenAI name, without the speed suffix
     * @param speed    speaking rate (1.0 unless a {@code @<speed>} variant was named)
     * @param language the language to read the text in, or null to detect it per sentence
     * @param speaker  speaker of a multi-speaker voice, or null
     */
    record Choice(String voice, double speed, String language, String speaker) {
    }

    /**
     * Reads a {@code synthesize}'s {@code voice} object. Without a name the server's default voice speaks, in the
     * given {@code language}, else in each sentence's detected language (as over HTTP).
     */
    Choice choose(Map<String, Object> voice) {
        String name = voice.get("name") instanceof String s && !s.isBlank() ? s.strip() : null;
        String speaker = switch (voice.get("speaker")) {
            case String s when !s.isBlank() -> s.strip();
            case Number n -> Long.toString(n.longValue());
            case null, default -> null;
        };
        if (name == null) return new Choice(defaultVoice, 1.0, language(voice.get("language")), speaker);
        int at = name.lastIndexOf('@');
        if (at < 0) return new Choice(name, 1.0, null, speaker);
        double speed;
        try {
            speed = Double.parseDouble(name.substring(at + 1));
        } catch (NumberFormatException e) {
            throw HlasException.invalid("voice", "Voice '" + name + "': the part after '@' must be a speed such as "
                    + "1.2.");
        }
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw HlasException.invalid("voice", "Voice '" + name + "': speed must be 0.25–4.0.");
        }
        return new Choice(name.substring(0, at), speed, null, speaker);
    }

    private static String language(Object value) {
        if (!(value instanceof String s) || s.isBlank()) return null;
        String normalized = s.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (!normalized.matches("auto|[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            throw HlasException.invalid("language", "'language' must be a language code such as 'cs' or 'en'.");
        }
        return normalized.equals("auto") ? null : normalized;
    }

    /** The request for {@code text} in raw 16-bit mono PCM at {@code sampleRate} (null: undecided, for planning). */
    static SpeechRequest request(String text, Choice c, Integer sampleRate) {
        return request(text, c, sampleRate, null);
    }

    /**
     * As {@link #request(String, Choice, Integer)}, with the event's {@code text_format}: {@code ssml} reads the text
     * with the same SSML parser as HTTP; null or {@code text} as plain text (a {@code <speak>} root is SSML anyway).
     */
    static SpeechRequest request(String text, Choice c, Integer sampleRate, String textFormat) {
        String inputFormat = textFormat == null || textFormat.isBlank() ? null
                : textFormat.strip().toLowerCase(Locale.ROOT);
        if (inputFormat != null && !inputFormat.equals("text") && !inputFormat.equals("ssml")) {
            throw HlasException.invalid("text_format", "'text_format' must be 'text' or 'ssml'.");
        }
        return new SpeechRequest("tts-1", text, c.voice(), AudioFormat.PCM, c.speed(), StreamFormat.AUDIO, null,
                sampleRate, null, c.language(), true, null, null, null, c.speaker(), null, inputFormat);
    }

    /**
     * The rate a stream is spoken at, decided before its text is known: the native rate of the voice that speaks
     * the stream's language (or the server's default language). Later sentences in voices of other rates are
     * resampled to it.
     */
    int streamRate(Choice c) {
        String language = c.language() != null ? c.language() : defaultLanguage;
        return registry.resolve(c.voice(), language).voice().info().sampleRate();
    }

    /** The {@code info} answer to {@code describe}, built now (voices installed meanwhile are listed). */
    WyomingEvent info() {
        List<Map<String, Object>> voices = new ArrayList<>();
        List<String> languages = new ArrayList<>(new TreeSet<>(registry.languages()));
        for (String alias : new TreeSet<>(registry.aliases().names())) {
            String description = "OpenAI voice " + alias + " (the best installed voice per language)";
            voices.add(voice(alias, description, languages, attribution("Hlas", ""), null, 1.0));
            for (double s : speeds) voices.add(voice(alias, description, languages, attribution("Hlas", ""), null, s));
        }
        for (VoiceInfo v : registry.voices()) {
            List<Map<String, Object>> speakers = registry.speakers(v).stream()
                    .map(name -> Map.<String, Object>of("name", name)).toList();
            String description = v.name() + " (" + v.engine() + ")";
            Map<String, Object> by = attribution(v.engine());
            voices.add(voice(v.id(), description, v.languages(), by, speakers, 1.0));
            if (v.engine().equals("espeak")) continue; // ~140 of them: variants would bury the picker
            for (double s : speeds) voices.add(voice(v.id(), description, v.languages(), by, speakers, s));
        }
        Map<String, Object> tts = new LinkedHashMap<>();
        tts.put("name", "hlas");
        tts.put("attribution", attribution("Hlas", ""));
        tts.put("installed", true);
        tts.put("description", "Hlas text to speech: Piper, Kokoro, Supertonic and espeak-ng voices");
        tts.put("version", version);
        tts.put("voices", voices);
        tts.put("supports_synthesize_streaming", true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("asr", List.of());
        data.put("tts", List.of(tts));
        data.put("handle", List.of());
        data.put("intent", List.of());
        data.put("wake", List.of());
        data.put("mic", List.of());
        data.put("snd", List.of());
        return WyomingEvent.of(WyomingProtocol.INFO, data);
    }

    private Map<String, Object> voice(String id, String description, List<String> languages,
                                      Map<String, Object> attribution, List<Map<String, Object>> speakers,
                                      double speed) {
        Map<String, Object> v = new LinkedHashMap<>();
        boolean variant = speed != 1.0;
        v.put("name", variant ? id + "@" + speedText(speed) : id);
        v.put("attribution", attribution);
        v.put("installed", true);
        v.put("description", variant ? description + ", speed " + speedText(speed) : description);
        v.put("version", null);
        v.put("languages", languages);
        v.put("speakers", speakers == null || speakers.isEmpty() ? null : speakers);
        return v;
    }

    /** {@code 1.2}, {@code 0.9}, {@code 1.25}: the shortest exact decimal. */
    static String speedText(double speed) {
        return BigDecimal.valueOf(speed).stripTrailingZeros().toPlainString();
    }

    /** Who made each engine's voices, by engine id (the ids are part of the voices API: {@code GET /v1/audio/voices}). */
    private static Map<String, Object> attribution(String engine) {
        return switch (engine) {
            case "piper" -> attribution("Piper voices (rhasspy)", "https://huggingface.co/rhasspy/piper-voices");
            case "kokoro" -> attribution("Kokoro-82M (hexgrad)", "https://huggingface.co/hexgrad/Kokoro-82M");
            case "supertonic" -> attribution("Supertonic-3 (Supertone)",
                    "https://huggingface.co/supertone-oss-archive/supertonic-3");
            case "espeak" -> attribution("espeak-ng", "https://github.com/espeak-ng/espeak-ng");
            default -> attribution(engine, "");
        };
    }

    private static Map<String, Object> attribution(String name, String url) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("url", url);
        return a;
    }
}
