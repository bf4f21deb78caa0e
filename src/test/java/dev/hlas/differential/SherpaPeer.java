package dev.hlas.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The independent implementation the Piper differential test compares Hlas with: sherpa-onnx's Node.js package
 * ({@code sherpa-onnx-node}, pinned in {@code src/test/peer/package.json}), whose C++ front-end phonemizes with its
 * own build of espeak-ng that has {@code espeak_TextToPhonemesWithTerminator}, the function Piper voices were trained
 * with. {@code ./hlas test} installs it with {@code npm ci} into {@link #INSTALL_DIR}; the peer runs the project's
 * echo model, so the "audio" it returns is the phoneme ids it made.
 */
final class SherpaPeer {
    /** Where {@code ./hlas test} installs the peer (a copy of src/test/peer with node_modules). */
    static final Path INSTALL_DIR = Path.of("target", "sherpa-peer");
    static final Path SCRIPT = Path.of("src", "test", "peer", "sherpa-peer.js");
    private static final List<Path> ESPEAK_DATA_CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/espeak-ng-data"), Path.of("/usr/lib/aarch64-linux-gnu/espeak-ng-data"),
            Path.of("/usr/lib64/espeak-ng-data"), Path.of("/usr/share/espeak-ng-data"),
            Path.of("/usr/local/share/espeak-ng-data"), Path.of("/opt/homebrew/share/espeak-ng-data"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;

    private SherpaPeer(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * The installed peer, or why there is none: a sentence for the test report.
     */
    static Availability find() {
        Path module = INSTALL_DIR.resolve("node_modules").resolve("sherpa-onnx-node");
        if (!Files.isRegularFile(module.resolve("package.json"))) {
            return Availability.missing("the peer sherpa-onnx-node is not installed in " + INSTALL_DIR.toAbsolutePath()
                    + " (./hlas test installs it with npm ci from src/test/peer; "
                    + Optional.ofNullable(readMaybe(INSTALL_DIR.resolve("npm-install.log"))).map(l -> "npm said: " + l)
                    .orElse("npm was not run or is not installed") + ")");
        }
        Optional<Path> data = espeakData();
        if (data.isEmpty()) {
            return Availability.missing("no espeak-ng-data directory found (tried HLAS_ESPEAK_DATA and "
                    + ESPEAK_DATA_CANDIDATES + ")");
        }
        return new Availability(new SherpaPeer(data.get()), null);
    }

    /** espeak-ng-data shared by both sides, so only the algorithm differs, not the dictionaries. */
    Path dataDir() {
        return dataDir;
    }

    private static Optional<Path> espeakData() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("HLAS_ESPEAK_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            candidates.add(p.getFileName() != null && p.getFileName().toString().equals("espeak-ng-data")
                    ? p : p.resolve("espeak-ng-data"));
        }
        candidates.addAll(ESPEAK_DATA_CANDIDATES);
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("phontab"))).findFirst();
    }

    /**
     * Phonemizes every text with the model named for it (a key of {@code models}); for each text, the ids of each
     * sentence the peer made, in order.
     */
    List<List<long[]>> ids(Path workDir, Path tokens, Map<String, Path> models, List<Item> items, long bos)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("dataDir", dataDir.toString());
        request.put("tokens", tokens.toAbsolutePath().toString());
        request.put("bos", bos);
        ObjectNode m = request.putObject("models");
        models.forEach((name, path) -> m.put(name, path.toAbsolutePath().toString()));
        ArrayNode list = request.putArray("items");
        for (Item item : items) list.addObject().put("model", item.model()).put("text", item.text());
        Path requestFile = workDir.resolve("peer-request.json");
        Path responseFile = workDir.resolve("peer-response.json");
        Path log = workDir.resolve("peer.log");
        JSON.writeValue(requestFile.toFile(), request);

        ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toAbsolutePath().toString(), requestFile.toString(),
                responseFile.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NODE_PATH", INSTALL_DIR.resolve("node_modules").toAbsolutePath().toString());
        Process process = pb.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the sherpa-onnx peer did not finish in 5 minutes");
        }
        if (process.exitValue() != 0 || !Files.exists(responseFile)) {
            throw new IllegalStateException("the sherpa-onnx peer failed (exit " + process.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        JsonNode results = JSON.readTree(responseFile.toFile()).path("results");
        List<List<long[]>> out = new ArrayList<>();
        for (JsonNode r : results) {
            List<long[]> sentences = new ArrayList<>();
            for (JsonNode s : r.path("sentences")) {
                long[] ids = new long[s.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = s.get(i).asLong();
                sentences.add(ids);
            }
            out.add(sentences);
        }
        return out;
    }

    private static String readMaybe(Path file) {
        try {
            if (!Files.exists(file)) return null;
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() > 600 ? "…" + text.substring(text.length() - 600) : text;
        } catch (IOException e) {
            return null;
        }
    }

    /** One text for the peer and the model (espeak voice) to read it with. */
    record Item(String model, String text) {
    }

    /** The peer, or the reason it is unavailable. */
    record Availability(SherpaPeer peer, String reason) {
        static Availability missing(String reason) {
            return new Availability(null, reason);
        }
    }
}
