package dev.hlas.testing.piper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.testing.onnx.SyntheticPiperModel;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs Piper voices made of the project's own synthetic model ({@link SyntheticPiperModel}) and a real-shaped
 * {@code .onnx.json} (piper-phonemize's 159-entry id map, which Czech needs) into a {@link VoiceStore}, through the
 * store's own commit path, as {@code hlas voices pull} would.
 */
public final class SyntheticPiperVoice {
    /** piper-phonemize's DEFAULT_PHONEME_ID_MAP: the codepoint at index i has id i. */
    private static final int[] ID_ORDER = {
            0x5f, 0x5e, 0x24, 0x20, 0x21, 0x27, 0x28, 0x29, 0x2c, 0x2d, 0x2e, 0x3a, 0x3b, 0x3f, 0x61, 0x62, 0x63,
            0x64, 0x65, 0x66, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75,
            0x76, 0x77, 0x78, 0x79, 0x7a, 0xe6, 0xe7, 0xf0, 0xf8, 0x127, 0x14b, 0x153, 0x1c0, 0x1c1, 0x1c2, 0x1c3,
            0x250, 0x251, 0x252, 0x253, 0x254, 0x255, 0x256, 0x257, 0x258, 0x259, 0x25a, 0x25b, 0x25c, 0x25e, 0x25f,
            0x260, 0x261, 0x262, 0x263, 0x264, 0x265, 0x266, 0x267, 0x268, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
            0x270, 0x271, 0x272, 0x273, 0x274, 0x275, 0x276, 0x278, 0x279, 0x27a, 0x27b, 0x27d, 0x27e, 0x280, 0x281,
            0x282, 0x283, 0x284, 0x288, 0x289, 0x28a, 0x28b, 0x28c, 0x28d, 0x28e, 0x28f, 0x290, 0x291, 0x292, 0x294,
            0x295, 0x298, 0x299, 0x29b, 0x29c, 0x29d, 0x29f, 0x2a1, 0x2a2, 0x2b2, 0x2c8, 0x2cc, 0x2d0, 0x2d1, 0x2de,
            0x3b2, 0x3b8, 0x3c7, 0x1d7b, 0x2c71, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x327,
            0x303, 0x32a, 0x32f, 0x329, 0x2b0, 0x2e4, 0x3b5, 0x2193, 0x23, 0x22, 0x2191, 0x33a, 0x33b, 0x67, 0x2a6,
            0x58, 0x31d, 0x30a};
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticPiperVoice() {
    }

    /**
     * What to build.
     *
     * @param id           voice id, e.g. {@code en_US-lessac-medium}
     * @param espeakVoice  {@code en-us}, {@code cs}
     * @param languageCode {@code en_US}
     * @param speakers     speaker names for a multi-speaker config (empty = single speaker)
     * @param modelHasSid  whether the ONNX graph declares {@code sid}
     * @param outputRank   3 or 4
     * @param omitted      phonemes left out of the id map (to test unknown phonemes)
     */
    public record Spec(String id, String espeakVoice, String languageCode, List<String> speakers, boolean modelHasSid,
                       int outputRank, Set<String> omitted) {
        public static Spec single(String id, String espeakVoice, String languageCode) {
            return new Spec(id, espeakVoice, languageCode, List.of(), false, 4, Set.of());
        }

        public static Spec multi(String id, String espeakVoice, String languageCode, List<String> speakers) {
            return new Spec(id, espeakVoice, languageCode, speakers, true, 4, Set.of());
        }

        public Spec withOutputRank(int rank) {
            return new Spec(id, espeakVoice, languageCode, speakers, modelHasSid, rank, omitted);
        }

        public Spec withModelSid(boolean sid) {
            return new Spec(id, espeakVoice, languageCode, speakers, sid, outputRank, omitted);
        }

        public Spec without(String... phonemes) {
            return new Spec(id, espeakVoice, languageCode, speakers, modelHasSid, outputRank, Set.of(phonemes));
        }
    }

    /** The full piper-phonemize id map. */
    public static Map<String, List<Integer>> idMap() {
        Map<String, List<Integer>> map = new LinkedHashMap<>();
        for (int i = 0; i < ID_ORDER.length; i++) map.put(Character.toString(ID_ORDER[i]), List.of(i));
        return map;
    }

    /** Writes {@code <id>.onnx} and {@code <id>.onnx.json} into {@code dir}. */
    public static void write(Path dir, Spec spec) throws IOException {
        Files.createDirectories(dir);
        SyntheticPiperModel.write(dir.resolve(spec.id() + ".onnx"), spec.modelHasSid(), spec.outputRank());
        writeConfig(dir, spec);
    }

    /** Writes {@code <id>.onnx.json} for {@code spec} into {@code dir}. */
    public static void writeConfig(Path dir, Spec spec) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("audio").put("sample_rate", 22050).put("quality", "medium");
        c.putObject("espeak").put("voice", spec.espeakVoice());
        c.putObject("inference").put("noise_scale", 0.667).put("length_scale", 1.0).put("noise_w", 0.8);
        c.put("phoneme_type", "espeak");
        ObjectNode ids = c.putObject("phoneme_id_map");
        idMap().forEach((p, list) -> {
            if (!spec.omitted().contains(p)) ids.putArray(p).add(list.getFirst());
        });
        c.put("num_symbols", 256);
        c.put("num_speakers", Math.max(1, spec.speakers().size()));
        ObjectNode speakers = c.putObject("speaker_id_map");
        for (int i = 0; i < spec.speakers().size(); i++) speakers.put(spec.speakers().get(i), i);
        String[] lang = spec.languageCode().split("_");
        c.putObject("language").put("code", spec.languageCode()).put("family", lang[0])
                .put("region", lang.length > 1 ? lang[1] : "");
        c.put("dataset", "synthetic");
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(spec.id() + ".onnx.json").toFile(), c);
    }

    /** Builds a voice and installs it in {@code store} as a verified install would. */
    public static InstalledVoice install(VoiceStore store, Spec spec) throws IOException {
        return install(store, spec, null);
    }

    /** Installs a voice whose model is the given file (e.g. a {@code RealisticPiperModel}), or a synthetic one. */
    public static InstalledVoice install(VoiceStore store, Spec spec, Path model) throws IOException {
        Path staging = store.newStaging(spec.id());
        if (model == null) {
            write(staging, spec);
        } else {
            Files.copy(model, staging.resolve(spec.id() + ".onnx"));
            writeConfig(staging, spec);
        }
        List<InstalledVoice.InstalledFile> files = new ArrayList<>();
        for (String name : List.of(spec.id() + ".onnx", spec.id() + ".onnx.json")) {
            byte[] bytes = Files.readAllBytes(staging.resolve(name));
            files.add(new InstalledVoice.InstalledFile(name, bytes.length, sha256(bytes)));
        }
        return store.commit(staging, spec.id(), "piper", "CC0 (synthetic test voice)", "test", files);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
