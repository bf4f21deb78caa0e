package dev.hlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.error.HlasException;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a {@code POST /v1/audio/speech} JSON body into a {@link SpeechRequest}, checking every field's presence,
 * type and range as OpenAI does, plus Hlas's extension fields. Every problem is a 400 naming the {@code param}.
 */
public final class SpeechRequestParser {
    static final int MAX_INSTRUCTIONS = 4096;
    static final int MIN_SAMPLE_RATE = 8000;
    static final int MAX_SAMPLE_RATE = 48000;
    private final int maxInputChars;

    public SpeechRequestParser(int maxInputChars) {
        this.maxInputChars = maxInputChars;
    }

    public SpeechRequest parse(byte[] body) {
        return parse(parseJson(body));
    }

    /** The same rules for a body already parsed (the WebSocket {@code config} message reuses them). */
    public SpeechRequest parse(JsonNode root) {
        String model = requiredString(root, "model");
        String input = input(root, "input", maxInputChars);
        String voice = voice(root);
        AudioFormat format = format(root);
        double speed = number(root, "speed", 1.0, SynthesisParams.MIN_SPEED, SynthesisParams.MAX_SPEED);
        StreamFormat streamFormat = streamFormat(root);
        String instructions = optionalString(root, "instructions");
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS) {
            throw HlasException.invalid("instructions", "string_above_max_length",
                    "'instructions' is longer than " + MAX_INSTRUCTIONS + " characters.");
        }
        Integer sampleRate = optionalInt(root, "sample_rate", MIN_SAMPLE_RATE, MAX_SAMPLE_RATE);
        Double volume = optionalNumber(root, "volume", 0.0, 4.0);
        String language = language(root);
        boolean normalize = optionalBoolean(root, "normalize", true);
        Double noiseScale = optionalNumber(root, "noise_scale", 0.0, 2.0);
        Double noiseW = optionalNumber(root, "noise_w", 0.0, 2.0);
        Integer totalSteps = optionalInt(root, "total_steps", 1, 50);
        String speaker = speaker(root);
        return new SpeechRequest(model, input, voice, format, speed, streamFormat, instructions, sampleRate, volume,
                language, normalize, noiseScale, noiseW, totalSteps, speaker, lexicons(root), inputFormat(root));
    }

    /**
     * The text to speak from {@code field}: required, not blank, at most {@code maxChars} code points. Shared by every
     * route that takes an input text.
     */
    static String input(JsonNode root, String field, int maxChars) {
        String input = requiredString(root, field);
        if (input.isBlank()) throw HlasException.invalid(field, "'" + field + "' must not be empty.");
        int length = input.codePointCount(0, input.length());
        if (length > maxChars) {
            throw HlasException.invalid(field, "string_above_max_length", "'" + field + "' is " + length
                    + " characters long; the maximum is " + maxChars + ".");
        }
        return input;
    }

    /** The request body as a JSON object, or a 400 that shows what a body looks like. */
    static JsonNode parseJson(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw HlasException.invalid(null, "We could not parse the JSON body of your request. The body must be a "
                    + "JSON object, e.g. {\"model\":\"tts-1\",\"input\":\"Hello\",\"voice\":\"alloy\"}.");
        }
        if (root == null || !root.isObject()) {
            throw HlasException.invalid(null, "The request body must be a JSON object.");
        }
        return root;
    }

    static String requiredString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw HlasException.invalid(field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
        }
        if (!node.isTextual()) throw wrongType(field, "a string", node);
        return node.textValue();
    }

    static String optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw wrongType(field, "a string", node);
        return node.textValue();
    }

    private static String voice(JsonNode root) {
        JsonNode node = root.get("voice");
        if (node == null || node.isNull()) {
            throw HlasException.invalid("voice", "missing_required_parameter", "Missing required parameter: 'voice'.");
        }
        if (node.isObject()) {
            JsonNode id = node.get("id");
            if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw HlasException.invalid("voice", "'voice' as an object must have a string 'id'.");
            }
            return id.textValue();
        }
        if (!node.isTextual()) throw wrongType("voice", "a string or an object with an 'id'", node);
        if (node.textValue().isBlank()) throw HlasException.invalid("voice", "'voice' must not be empty.");
        return node.textValue().trim();
    }

    private static AudioFormat format(JsonNode root) {
        String name = optionalString(root, "response_format");
        if (name == null) return AudioFormat.MP3;
        AudioFormat format = AudioFormat.fromWire(name).orElseThrow(() -> HlasException.invalid("response_format",
                "Invalid value '" + name + "' for 'response_format'. Supported values are: " + Arrays
                        .stream(AudioFormat.values()).map(AudioFormat::wireName).collect(Collectors.joining(", "))
                        + "."));
        return format;
    }

    /**
     * Whether the body asks for word timestamps ({@code "timestamps": "word"}; {@code "none"} or absent: no).
     * Timestamps travel as SSE events, so they need {@code stream_format: "sse"}.
     */
    static boolean wordTimestamps(JsonNode root, StreamFormat streamFormat) {
        String value = optionalString(root, "timestamps");
        if (value == null || value.equals("none")) return false;
        if (!value.equals("word")) {
            throw HlasException.invalid("timestamps",
                    "Invalid value '" + value + "' for 'timestamps'. Supported values are: word, none.");
        }
        if (streamFormat != StreamFormat.SSE) {
            throw HlasException.invalid("stream_format", "'timestamps' needs \"stream_format\": \"sse\": word "
                    + "timestamps are sent as speech.audio.timestamps events. For timings without streaming use "
                    + "POST /v1/audio/captions.");
        }
        return true;
    }

    private static StreamFormat streamFormat(JsonNode root) {
        String name = optionalString(root, "stream_format");
        if (name == null || name.equals("audio")) return StreamFormat.AUDIO;
        if (name.equals("sse")) return StreamFormat.SSE;
        throw HlasException.invalid("stream_format",
                "Invalid value '" + name + "' for 'stream_format'. Supported values are: audio, sse.");
    }

    private static double number(JsonNode root, String field, double fallback, double min, double max) {
        Double value = optionalNumber(root, field, min, max);
        return value == null ? fallback : value;
    }

    private static Double optionalNumber(JsonNode root, String field, double min, double max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isNumber()) throw wrongType(field, "a number", node);
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            throw HlasException.invalid(field, "'" + field + "' must be between " + fmt(min) + " and " + fmt(max)
                    + "; got " + node.asText() + ".");
        }
        return value;
    }

    private static Integer optionalInt(JsonNode root, String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isIntegralNumber()) throw wrongType(field, "an integer", node);
        long value = node.longValue();
        if (value < min || value > max) {
            throw HlasException.invalid(field, "'" + field + "' must be between " + min + " and " + max + "; got "
                    + value + ".");
        }
        return (int) value;
    }

    static boolean optionalBoolean(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        if (!node.isBoolean()) throw wrongType(field, "a boolean", node);
        return node.booleanValue();
    }

    static String language(JsonNode root) {
        String lang = optionalString(root, "lang");
        if (lang == null) lang = optionalString(root, "language");
        if (lang == null || lang.isBlank()) return null;
        String normalized = lang.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        if (!normalized.matches("auto|[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            throw HlasException.invalid("lang", "'lang' must be a language code such as 'cs' or 'en', or 'auto'.");
        }
        return normalized.equals("auto") ? null : normalized;
    }

    /** {@code lexicons}: an array of lexicon names (at most 16), or absent (null: the server's defaults). */
    static List<String> lexicons(JsonNode root) {
        JsonNode node = root.get("lexicons");
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return List.of(node.textValue().strip());
        if (!node.isArray()) throw wrongType("lexicons", "an array of strings", node);
        if (node.size() > 16) throw HlasException.invalid("lexicons", "At most 16 lexicons per request.");
        List<String> names = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.isTextual()) throw wrongType("lexicons", "an array of strings", node);
            names.add(n.textValue().strip());
        }
        return names;
    }

    /** {@code input_format}: {@code text} or {@code ssml}, or absent (null: SSML when the input starts with
     * {@code <speak>}). */
    static String inputFormat(JsonNode root) {
        String format = optionalString(root, "input_format");
        if (format == null || format.isBlank()) return null;
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("ssml")) {
            throw HlasException.invalid("input_format", "'input_format' must be 'text' or 'ssml'.");
        }
        return f;
    }

    static String speaker(JsonNode root) {
        JsonNode node = root.get("speaker");
        if (node == null || node.isNull()) return null;
        if (node.isIntegralNumber()) return Long.toString(node.longValue());
        if (node.isTextual()) return node.textValue();
        throw wrongType("speaker", "a string or an integer", node);
    }

    private static HlasException wrongType(String field, String expected, JsonNode got) {
        return HlasException.invalid(field, "invalid_type", "Invalid type for '" + field + "': expected " + expected
                + ", but got " + describe(got) + ".");
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) return "a string";
        if (node.isNumber()) return "a number";
        if (node.isBoolean()) return "a boolean";
        if (node.isArray()) return "an array";
        if (node.isObject()) return "an object";
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
