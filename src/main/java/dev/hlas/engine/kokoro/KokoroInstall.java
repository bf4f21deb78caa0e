package dev.hlas.engine.kokoro;

import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of one Kokoro install (the store's {@code voices/kokoro/}), laid out as the downloads put it.
 *
 * <pre>
 * voices/kokoro/
 *   kokoro-v1.0.onnx          the model (GitHub kokoro-onnx release, fp32 default) — or
 *   onnx/model.onnx           the model (Hugging Face onnx-community layout) — or any one other *.onnx
 *   voices-v1.0.bin           all 54 voices as a numpy .npz pack — and/or
 *   voices/&lt;name&gt;.bin         single voices, raw float32 [510,1,256]
 * </pre>
 *
 * Single {@code .bin} voices override pack entries of the same name. With several models present, the first of
 * {@link #MODEL_PREFERENCE} wins, then fp32 files before quantized ones, then by name.
 *
 * @param directory the install directory
 * @param model     the model file
 * @param pack      the npz voices pack, or null
 * @param voiceBins single-voice files
 */
public record KokoroInstall(Path directory, Path model, Path pack, List<Path> voiceBins) {
    public static final String PACK = "voices-v1.0.bin";
    static final List<String> MODEL_PREFERENCE = List.of("kokoro-v1.0.onnx", "model.onnx", "onnx/model.onnx");

    public KokoroInstall {
        voiceBins = List.copyOf(voiceBins);
    }

    /**
     * Finds what is installed in {@code directory}.
     *
     * @return empty when nothing is installed there (no directory, or no model and no voices)
     * @throws ModelBroken when the install is incomplete: a model without voices or voices without a model
     */
    public static Optional<KokoroInstall> find(Path directory) {
        if (!Files.isDirectory(directory)) return Optional.empty();
        Path model = findModel(directory);
        Path pack = Files.isRegularFile(directory.resolve(PACK)) ? directory.resolve(PACK) : null;
        List<Path> bins = new ArrayList<>();
        Path voices = directory.resolve("voices");
        if (Files.isDirectory(voices)) {
            try (Stream<Path> s = Files.list(voices)) {
                s.filter(p -> p.getFileName().toString().endsWith(".bin") && Files.isRegularFile(p)).sorted()
                        .forEach(bins::add);
            } catch (IOException e) {
                throw new ModelBroken("cannot list Kokoro voices in " + voices + ": " + e.getMessage(), e);
            }
        }
        boolean hasVoices = pack != null || !bins.isEmpty();
        if (model == null && !hasVoices) return Optional.empty();
        if (model == null) {
            throw new ModelBroken("Kokoro voices are installed in " + directory + " but no model (.onnx) is; "
                    + "reinstall with: hlas voices pull kokoro");
        }
        if (!hasVoices) {
            throw new ModelBroken("the Kokoro model in " + directory + " has no voices: expected " + PACK
                    + " or voices/<name>.bin; reinstall with: hlas voices pull kokoro");
        }
        return Optional.of(new KokoroInstall(directory, model, pack, bins));
    }

    private static Path findModel(Path directory) {
        for (String name : MODEL_PREFERENCE) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        List<Path> candidates = new ArrayList<>();
        for (Path dir : List.of(directory, directory.resolve("onnx"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new ModelBroken("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return candidates.stream()
                .sorted((a, b) -> {
                    int q = Boolean.compare(quantized(a), quantized(b));
                    return q != 0 ? q : a.toString().compareTo(b.toString());
                })
                .findFirst().orElse(null);
    }

    private static boolean quantized(Path p) {
        String n = p.getFileName().toString();
        return n.contains("int8") || n.contains("fp16") || n.contains("quant") || n.contains("q4") || n.contains("q8")
                || n.contains("uint8");
    }
}
