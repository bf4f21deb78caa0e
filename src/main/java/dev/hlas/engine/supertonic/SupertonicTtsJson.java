package dev.hlas.engine.supertonic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four numbers of {@code onnx/tts.json} the runtime needs (see docs/ENGINES.md, "Supertonic"). Always read from the file: the
 * values differ between releases.
 *
 * @param sampleRate          {@code ae.sample_rate}: output rate in Hz (44100 for the published models)
 * @param baseChunkSize       {@code ae.base_chunk_size}: audio samples per autoencoder frame (512)
 * @param chunkCompressFactor {@code ttl.chunk_compress_factor}: autoencoder frames per latent frame (6)
 * @param latentDim           {@code ttl.latent_dim}: latent channels per autoencoder frame (24)
 */
public record SupertonicTtsJson(int sampleRate, int baseChunkSize, int chunkCompressFactor, int latentDim) {
    public SupertonicTtsJson {
        if (sampleRate < 8000 || sampleRate > 192_000) throw new IllegalArgumentException("bad sample rate " + sampleRate);
        if (baseChunkSize < 1 || chunkCompressFactor < 1 || latentDim < 1) {
            throw new IllegalArgumentException("chunk sizes and latent dim must be positive");
        }
    }

    /** Channels of the latent the vector estimator denoises: {@code latentDim · chunkCompressFactor} (144). */
    public int latentChannels() {
        return latentDim * chunkCompressFactor;
    }

    /** Audio samples one latent frame becomes: {@code baseChunkSize · chunkCompressFactor} (3072). */
    public int samplesPerLatentFrame() {
        return baseChunkSize * chunkCompressFactor;
    }

    /**
     * Reads {@code tts.json}.
     *
     * @throws ModelBroken when the file is missing, not JSON, or lacks one of the four keys
     */
    public static SupertonicTtsJson load(Path ttsJson) {
        if (!Files.isRegularFile(ttsJson)) throw new ModelBroken("Supertonic config not found: " + ttsJson);
        try {
            JsonNode root = new ObjectMapper().readTree(ttsJson.toFile());
            return new SupertonicTtsJson(positive(root, "ae", "sample_rate"), positive(root, "ae", "base_chunk_size"),
                    positive(root, "ttl", "chunk_compress_factor"), positive(root, "ttl", "latent_dim"));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelBroken("cannot read Supertonic config " + ttsJson + ": " + e.getMessage(), e);
        }
    }

    private static int positive(JsonNode root, String section, String key) {
        JsonNode node = root.path(section).path(key);
        if (!node.canConvertToInt() || node.intValue() <= 0) {
            throw new IllegalArgumentException("'" + section + "." + key + "' must be a positive integer");
        }
        return node.intValue();
    }
}
