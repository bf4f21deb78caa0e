package dev.hlas.engine.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the upstreams file (YAML): {@code upstreams:} followed by a list of upstreams. Every mistake — an unknown
 * key, a missing name, a bad URL, a duplicate name, an unset key variable — is an {@link IllegalArgumentException}
 * whose message names the file and the line, so a gateway never starts with a half-understood configuration.
 * Messages never contain an API key.
 */
public final class UpstreamsFile {
    private static final Set<String> UPSTREAM_KEYS = Set.of("name", "url", "api_key", "api_key_env", "kind", "tts",
            "stt", "timeout", "priority", "weight", "max_concurrent", "breaker", "probe");
    private static final Set<String> BREAKER_KEYS = Set.of("failures", "cooldown");
    private static final Set<String> PROBE_KEYS = Set.of("interval");
    private static final Set<String> TTS_KEYS = Set.of("voices", "languages", "model", "format", "sample_rate",
            "split");
    private static final Set<String> STT_KEYS = Set.of("models");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)?");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_BREAKER_FAILURES = 3;
    static final Duration DEFAULT_BREAKER_COOLDOWN = Duration.ofSeconds(5);
    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(15);

    private UpstreamsFile() {
    }

    /** A value read from the file with the line it starts on. */
    private record Node(Object value, int line) {
    }

    /**
     * Parses {@code text}.
     *
     * @param source how to name the file in messages
     * @param env    looks up the variables {@code api_key_env} names (null when unset)
     */
    public static RemoteSettings parse(String text, String source, UnaryOperator<String> env) {
        Node root;
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) return RemoteSettings.none();
            root = read(parser);
        } catch (IOException e) {
            int line = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation().getLineNr() : 0;
            throw new IllegalArgumentException(source + (line > 0 ? " line " + line : "") + ": not valid YAML: "
                    + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " " + e.getMessage());
        }
        Context at = new Context(source);
        Map<String, Node> top = at.map(root, "the file");
        for (Map.Entry<String, Node> e : top.entrySet()) {
            if (!e.getKey().equals("upstreams")) {
                throw at.error(e.getValue(), "unknown key '" + e.getKey() + "' (expected: upstreams)");
            }
        }
        Node list = top.get("upstreams");
        if (list == null) throw at.error(root, "missing 'upstreams:' list");
        if (!(list.value() instanceof List<?> items)) throw at.error(list, "'upstreams' must be a list");
        List<Upstream> upstreams = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (Object item : items) {
            Node node = (Node) item;
            Upstream upstream = upstream(at, node, env);
            Integer before = names.putIfAbsent(upstream.name().toLowerCase(Locale.ROOT), node.line());
            if (before != null) {
                throw at.error(node, "duplicate upstream name '" + upstream.name() + "' (first on line " + before + ")");
            }
            upstreams.add(upstream);
        }
        return new RemoteSettings(upstreams);
    }

    private static Upstream upstream(Context at, Node node, UnaryOperator<String> env) {
        Map<String, Node> map = at.map(node, "an upstream");
        at.onlyKeys(map, UPSTREAM_KEYS);
        String name = at.requiredString(map, "name", node);
        if (!NAME.matcher(name).matches()) {
            throw at.error(map.get("name"), "upstream name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Node urlNode = map.get("url");
        URI url = url(at, urlNode == null ? null : at.string(urlNode, "url"), urlNode == null ? node : urlNode);
        String key = at.optionalString(map, "api_key");
        String keyEnv = at.optionalString(map, "api_key_env");
        if (key != null && keyEnv != null) {
            throw at.error(map.get("api_key_env"), "give either api_key or api_key_env, not both");
        }
        if (keyEnv != null) {
            key = env.apply(keyEnv);
            if (key == null || key.isBlank()) {
                throw at.error(map.get("api_key_env"), "environment variable " + keyEnv + " (api_key_env of upstream '"
                        + name + "') is not set");
            }
        }
        Upstream.Kind kind = Upstream.Kind.OPENAI;
        String kindText = at.optionalString(map, "kind");
        if (kindText != null) {
            kind = switch (kindText.toLowerCase(Locale.ROOT)) {
                case "openai" -> Upstream.Kind.OPENAI;
                case "hlas" -> Upstream.Kind.HLAS;
                default -> throw at.error(map.get("kind"), "kind must be openai or hlas, not '" + kindText + "'");
            };
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String timeoutText = at.optionalString(map, "timeout");
        if (timeoutText != null) timeout = duration(at, map.get("timeout"), timeoutText);
        int priority = 0;
        String priorityText = at.optionalString(map, "priority");
        if (priorityText != null) {
            try {
                priority = Integer.parseInt(priorityText);
            } catch (NumberFormatException e) {
                throw at.error(map.get("priority"), "priority must be a whole number, not '" + priorityText + "'");
            }
        }
        int weight = number(at, map, "weight", 1, 1, 1000);
        int maxConcurrent = number(at, map, "max_concurrent", 0, 1, 100_000);
        Set<String> voices = new LinkedHashSet<>();
        boolean anyVoice = false;
        List<String> languages = List.of();
        String model = "tts-1";
        Upstream.Audio audio = Upstream.Audio.PCM;
        int sampleRate = RemoteEngine.SAMPLE_RATE;
        boolean wholeInput = false;
        Node ttsNode = map.get("tts");
        Node sttNode = map.get("stt");
        if (ttsNode == null && sttNode == null) {
            throw at.error(node, "upstream '" + name + "' needs a 'tts:' section with its voices (or an 'stt:' section)");
        }
        if (ttsNode != null) {
            Map<String, Node> tts = at.map(ttsNode, "tts");
            at.onlyKeys(tts, TTS_KEYS);
            Node voicesNode = tts.get("voices");
            if (voicesNode == null || voicesNode.value() == null) {
                voices = Set.of(); // the upstream's own /v1/audio/voices listing says which
            } else if (voicesNode.value() instanceof String s && s.equals("*")) {
                anyVoice = true;
            } else {
                for (String v : at.strings(voicesNode, "voices")) {
                    if (v.isBlank()) throw at.error(voicesNode, "voice names must not be blank");
                    voices.add(v);
                }
                if (voices.isEmpty()) {
                    throw at.error(voicesNode, "voices must not be empty (use \"*\" for any voice, or leave voices "
                            + "out to use the upstream's own listing)");
                }
            }
            if (tts.get("languages") != null) {
                languages = at.strings(tts.get("languages"), "languages").stream()
                        .map(l -> l.toLowerCase(Locale.ROOT)).toList();
            }
            String modelText = at.optionalString(tts, "model");
            if (modelText != null) model = modelText;
            String format = at.optionalString(tts, "format");
            if (format != null) {
                audio = switch (format.strip().toLowerCase(Locale.ROOT)) {
                    case "pcm" -> Upstream.Audio.PCM;
                    case "wav" -> Upstream.Audio.WAV;
                    default -> throw at.error(tts.get("format"), "format must be pcm or wav, not '" + format + "'");
                };
            }
            sampleRate = number(at, tts, "sample_rate", RemoteEngine.SAMPLE_RATE, 8000, 192_000);
            String split = at.optionalString(tts, "split");
            if (split != null) {
                wholeInput = switch (split.strip().toLowerCase(Locale.ROOT)) {
                    case "sentences" -> false;
                    case "upstream" -> true;
                    default -> throw at.error(tts.get("split"), "split must be sentences (Hlas sends one sentence at a "
                            + "time) or upstream (the whole input; the upstream splits it), not '" + split + "'");
                };
            }
        }
        List<String> sttModels = List.of();
        if (sttNode != null) {
            Map<String, Node> stt = at.map(sttNode, "stt");
            at.onlyKeys(stt, STT_KEYS);
            Node models = stt.get("models");
            if (models == null) throw at.error(sttNode, "stt needs 'models:' (the speech-to-text models it serves)");
            sttModels = at.strings(models, "models");
            for (String m : sttModels) {
                if (!NAME.matcher(m).matches()) throw at.error(models, "bad model name '" + m + "'");
            }
            if (sttModels.isEmpty()) throw at.error(models, "stt models must not be empty");
        }
        int breakerFailures = DEFAULT_BREAKER_FAILURES;
        Duration cooldown = DEFAULT_BREAKER_COOLDOWN;
        if (map.get("breaker") != null) {
            Map<String, Node> breaker = at.map(map.get("breaker"), "breaker");
            at.onlyKeys(breaker, BREAKER_KEYS);
            breakerFailures = number(at, breaker, "failures", DEFAULT_BREAKER_FAILURES, 1, Integer.MAX_VALUE);
            String cooldownText = at.optionalString(breaker, "cooldown");
            if (cooldownText != null) cooldown = duration(at, breaker.get("cooldown"), cooldownText);
        }
        Duration probeInterval = DEFAULT_PROBE_INTERVAL;
        if (map.get("probe") != null) {
            Map<String, Node> probe = at.map(map.get("probe"), "probe");
            at.onlyKeys(probe, PROBE_KEYS);
            String interval = at.optionalString(probe, "interval");
            if (interval != null) probeInterval = duration(at, probe.get("interval"), interval);
        }
        return new Upstream(name, url, key, kind, voices, anyVoice, languages, model, timeout, priority, weight,
                maxConcurrent, breakerFailures, cooldown, probeInterval, audio, sampleRate, wholeInput,
                ttsNode != null, sttModels);
    }

    /** A whole number within {@code [min, max]}, or {@code fallback} when the key is absent. */
    private static int number(Context at, Map<String, Node> map, String key, int fallback, int min, int max) {
        String text = at.optionalString(map, key);
        if (text == null) return fallback;
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw at.error(map.get(key), key + " must be a whole number from " + min + " to " + max + ", not '" + text
                    + "'");
        }
        return value;
    }

    private static URI url(Context at, String text, Node node) {
        if (text == null) throw at.error(node, "upstream needs a 'url:'");
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw at.error(node, "url must be an http:// or https:// base URL with a host and no query, "
                        + "e.g. http://gpu-box:8000");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw at.error(node, "bad url: " + e.getReason());
        }
    }

    private static Duration duration(Context at, Node node, String text) {
        var m = DURATION.matcher(text.strip());
        if (!m.matches()) throw at.error(node, "durations look like 10s or 500ms, not '" + text + "'");
        double value = Double.parseDouble(m.group(1));
        Duration d = "ms".equals(m.group(2)) ? Duration.ofMillis((long) value) : Duration.ofMillis((long) (value * 1000));
        if (d.isZero()) throw at.error(node, "durations must be positive");
        return d;
    }

    /** Reads the value the parser is on (its current token) into nodes. */
    private static Node read(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Node value = read(p);
                if (map.containsKey(key)) {
                    throw new IllegalArgumentException("line " + keyLine + ": key '" + key + "' given twice");
                }
                map.put(key, new Node(value.value(), keyLine));
            }
            return new Node(map, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) list.add(read(p));
            return new Node(list, line);
        }
        return new Node(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Turns shapes into values, and mistakes into messages naming the line. */
    private record Context(String source) {
        IllegalArgumentException error(Node node, String message) {
            return new IllegalArgumentException(source + " line " + node.line() + ": " + message);
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> map(Node node, String what) {
            if (node.value() instanceof Map<?, ?> m) return (Map<String, Node>) m;
            throw error(node, what + " must be a mapping of keys to values");
        }

        void onlyKeys(Map<String, Node> map, Set<String> allowed) {
            for (Map.Entry<String, Node> e : map.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw error(e.getValue(), "unknown key '" + e.getKey() + "' (expected one of "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        String string(Node node, String key) {
            if (node.value() instanceof String s) return s;
            throw error(node, key + " must be a single value");
        }

        String optionalString(Map<String, Node> map, String key) {
            Node node = map.get(key);
            return node == null || node.value() == null ? null : string(node, key);
        }

        String requiredString(Map<String, Node> map, String key, Node owner) {
            String value = optionalString(map, key);
            if (value == null || value.isBlank()) throw error(owner, "upstream needs a '" + key + ":'");
            return value.strip();
        }

        List<String> strings(Node node, String key) {
            if (node.value() instanceof String s) return List.of(s);
            if (!(node.value() instanceof List<?> list)) throw error(node, key + " must be a list");
            List<String> out = new ArrayList<>();
            for (Object o : list) out.add(string((Node) o, key).strip());
            return out;
        }
    }
}
