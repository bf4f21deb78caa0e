package dev.hlas.engine.piper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Piper voice's {@code .onnx.json} says (see docs/ENGINES.md, "Piper"): how the voice was trained. How the
 * engine runs on this machine is {@link PiperSettings}; what one request asks for is
 * {@link dev.hlas.engine.SynthesisParams}.
 *
 * @param sampleRate       output rate in Hz ({@code audio.sample_rate}, default 22050)
 * @param quality          {@code x_low}, {@code low}, {@code medium}, {@code high}, or null
 * @param espeakVoice      espeak-ng voice for phonemization ({@code espeak.voice}, default {@code en-us})
 * @param phonemeType      {@code espeak} (default) or {@code text}
 * @param phonemeIdMap     phoneme (one codepoint, or a vowel cluster) → ids; must hold {@code ^ _ $}
 * @param numSpeakers      speakers in the model (>1 ⇒ the model takes {@code sid})
 * @param speakerIdMap     speaker name → id, in the config's order
 * @param defaultSpeakerId speaker used when a request names none
 * @param noiseScale       default noise scale ({@code inference.noise_scale}, 0.667)
 * @param lengthScale      default length scale ({@code inference.length_scale}, 1.0; larger = slower)
 * @param noiseW           default duration noise ({@code inference.noise_w}, 0.8)
 * @param languageCode     {@code language.code} such as {@code cs_CZ}, or null
 * @param vowelClusters    phoneme sequences merged before id lookup (piper1-gpl ≥ 1.5), usually empty
 */
public record PiperOnnxJson(int sampleRate, String quality, String espeakVoice, String phonemeType,
                          Map<String, long[]> phonemeIdMap, int numSpeakers, Map<String, Integer> speakerIdMap,
                          int defaultSpeakerId, float noiseScale, float lengthScale, float noiseW,
                          String languageCode, List<List<String>> vowelClusters) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PiperOnnxJson {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        phonemeIdMap = Collections.unmodifiableMap(new LinkedHashMap<>(phonemeIdMap));
        speakerIdMap = Collections.unmodifiableMap(new LinkedHashMap<>(speakerIdMap));
        vowelClusters = List.copyOf(vowelClusters);
        for (String required : List.of("^", "_", "$")) {
            long[] ids = phonemeIdMap.get(required);
            if (ids == null || ids.length == 0) {
                throw new IllegalArgumentException("phoneme_id_map lacks '" + required + "'");
            }
        }
    }

    /** Whether the model takes a speaker id. */
    public boolean multiSpeaker() {
        return numSpeakers > 1;
    }

    /**
     * Reads a {@code .onnx.json} file.
     *
     * @throws ModelBroken naming the file and the problem when it is missing or not a Piper config
     */
    public static PiperOnnxJson read(Path file) {
        try {
            return parse(JSON.readTree(Files.readAllBytes(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelBroken("cannot read Piper voice config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a config's JSON tree, with Piper's defaults for absent fields. */
    public static PiperOnnxJson parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
        JsonNode idMapNode = root.get("phoneme_id_map");
        if (idMapNode == null || !idMapNode.isObject()) throw new IllegalArgumentException("phoneme_id_map missing");
        Map<String, long[]> idMap = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = idMapNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode list = e.getValue();
            long[] ids = new long[list.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = list.get(i).asLong();
            idMap.put(e.getKey(), ids);
        }
        Map<String, Integer> speakers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("speaker_id_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            speakers.put(e.getKey(), e.getValue().asInt());
        }
        List<List<String>> clusters = new ArrayList<>();
        for (JsonNode cluster : root.path("vowel_clusters")) {
            List<String> parts = new ArrayList<>();
            cluster.forEach(p -> parts.add(p.asText()));
            if (parts.size() > 1) clusters.add(parts);
        }
        JsonNode inference = root.path("inference");
        return new PiperOnnxJson(
                root.path("audio").path("sample_rate").asInt(22050),
                textOrNull(root.path("audio").path("quality")),
                root.path("espeak").path("voice").asText("en-us"),
                root.path("phoneme_type").asText("espeak"),
                idMap,
                root.path("num_speakers").asInt(1),
                speakers,
                root.path("default_speaker_id").asInt(0),
                (float) inference.path("noise_scale").asDouble(0.667),
                (float) inference.path("length_scale").asDouble(1.0),
                (float) inference.path("noise_w").asDouble(0.8),
                textOrNull(root.path("language").path("code")),
                clusters);
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
