package dev.hlas.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The official OpenAI Node SDK, pinned by {@code src/test/node-sdk/package-lock.json} and installed with
 * {@code npm ci} into {@link #DIR} ({@code ./hlas test} does it first; otherwise the first run here does). Without
 * Node.js/npm, or when the install fails, the tests that need it are skipped with the reason printed.
 */
final class NodeSdk {
    static final Path SOURCE = Path.of("src", "test", "node-sdk");
    static final Path DIR = Path.of("target", "openai-node");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeSdk() {
    }

    /** Runs {@code replay.mjs} against {@code baseUrl} and returns what it printed. */
    static JsonNode replay(String baseUrl, String apiKey) throws IOException, InterruptedException {
        install();
        Files.copy(SOURCE.resolve("replay.mjs"), DIR.resolve("replay.mjs"), StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder("node", "replay.mjs", baseUrl, apiKey).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the Node SDK replay did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the Node SDK replay exited with " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return JSON.readTree(out);
    }

    private static void install() throws IOException, InterruptedException {
        Path lock = SOURCE.resolve("package-lock.json");
        boolean current = Files.isRegularFile(DIR.resolve("node_modules/openai/package.json"))
                && Files.isRegularFile(DIR.resolve("package-lock.json"))
                && Files.mismatch(lock, DIR.resolve("package-lock.json")) == -1;
        if (current) return;
        if (!onPath("npm") || !onPath("node")) {
            skip("Node.js and npm are not installed (Node 20+ with npm is needed)");
        }
        Files.createDirectories(DIR);
        Files.copy(SOURCE.resolve("package.json"), DIR.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, DIR.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
        Path log = DIR.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            skip("npm ci could not install the OpenAI Node SDK (see " + log.toAbsolutePath() + ")");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private static void skip(String why) {
        String message = "SKIPPED: the OpenAI Node SDK replay: " + why;
        System.err.println("*** " + message + " ***");
        abort(message);
    }

    static List<String> texts(JsonNode array) {
        return array == null ? List.of() : StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText).toList();
    }
}
