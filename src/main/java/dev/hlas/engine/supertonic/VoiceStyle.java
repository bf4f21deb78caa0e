package dev.hlas.engine.supertonic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One Supertonic voice: the two style tensors of a {@code voice_styles/<name>.json} file (see docs/ENGINES.md, "Supertonic"),
 * {@code style_ttl} [1,50,256] for the text encoder and vector estimator and {@code style_dp} [1,8,16] for the
 * duration predictor. Each is stored as {@code {"dims":[…], "data":[[[…]]]}} and flattened row-major here.
 *
 * @param name  the style's name, from the file name ({@code F1})
 * @param ttl   {@code style_ttl} values, row-major
 * @param ttlShape its shape
 * @param dp    {@code style_dp} values, row-major
 * @param dpShape its shape
 */
public record VoiceStyle(String name, float[] ttl, long[] ttlShape, float[] dp, long[] dpShape) {
    public VoiceStyle {
        check("style_ttl", ttl, ttlShape);
        check("style_dp", dp, dpShape);
    }

    private static void check(String what, float[] values, long[] shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (shape.length != 3 || shape[0] != 1 || n != values.length) {
            throw new IllegalArgumentException(what + " must be [1,a,b] with a·b values; dims " + Arrays.toString(shape)
                    + ", " + values.length + " values");
        }
    }

    /**
     * Reads a style file.
     *
     * @throws ModelBroken when the file is missing or its tensors are malformed
     */
    public static VoiceStyle load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        if (!Files.isRegularFile(file)) throw new ModelBroken("Supertonic voice style not found: " + file);
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Tensor ttl = tensor(root, "style_ttl");
            Tensor dp = tensor(root, "style_dp");
            return new VoiceStyle(name, ttl.values, ttl.shape, dp.values, dp.shape);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelBroken("cannot read Supertonic voice style " + file + ": " + e.getMessage(), e);
        }
    }

    private record Tensor(float[] values, long[] shape) {
    }

    private static Tensor tensor(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || !node.path("dims").isArray() || !node.has("data")) {
            throw new IllegalArgumentException("'" + key + "' with 'dims' and 'data' is missing");
        }
        long[] shape = new long[node.get("dims").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get("dims").get(i).asLong();
            count *= shape[i];
        }
        if (count <= 0 || count > 10_000_000) throw new IllegalArgumentException("'" + key + "' has bad dims");
        float[] values = new float[(int) count];
        int n = flatten(node.get("data"), values, 0);
        if (n != count) throw new IllegalArgumentException("'" + key + "' has " + n + " values, dims say " + count);
        return new Tensor(values, shape);
    }

    private static int flatten(JsonNode node, float[] out, int at) {
        if (node.isNumber()) {
            if (at >= out.length) return at + 1;
            out[at] = node.floatValue();
            return at + 1;
        }
        if (!node.isArray()) throw new IllegalArgumentException("non-numeric value in style data");
        for (JsonNode child : node) at = flatten(child, out, at);
        return at;
    }
}
