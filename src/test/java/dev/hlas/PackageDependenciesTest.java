package dev.hlas;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package picture of docs/ARCHITECTURE.md, checked on the sources: data flows one way, so each package may import
 * only the packages below it in this table. A new import that runs back up (an engine that knows the voice store, a
 * stage that knows a transport) fails here with the file and the import.
 */
class PackageDependenciesTest {
    private static final String ENGINES = "engine engine.onnx engine.espeak";
    /** Where each engine's settings record lives: the configuration tree holds one slice per engine. */
    private static final String ENGINE_SETTINGS = "engine.onnx engine.piper engine.kokoro engine.supertonic engine.remote";

    /** For each package, the packages of dev.hlas it may import (besides itself). The root may import anything. */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            entry("error", ""),
            entry("config", "error " + ENGINE_SETTINGS),
            entry("text", "error"),
            entry("engine", "error"),
            entry("engine.onnx", "engine error"),
            entry("engine.espeak", "engine error"),
            entry("engine.piper", ENGINES + " error"),
            entry("engine.kokoro", ENGINES + " error"),
            entry("engine.supertonic", ENGINES + " error"),
            entry("engine.remote", "engine error"),
            entry("audio", "engine error"),
            entry("voice.store", "engine error"),
            entry("voice", "engine text error"),
            entry("speech", "text voice engine audio error"),
            entry("cache", "speech audio engine error"),
            entry("ops", "speech cache engine error"),
            entry("response", "speech cache audio ops text voice engine error"),
            entry("jobs", "response speech cache audio ops text voice engine config error"),
            entry("stt", "audio config error"),
            entry("stt.whisper", "stt engine error"),
            entry("api.auth", "error"),
            entry("wyoming", "response speech cache audio ops text voice engine config error"),
            entry("api", "api.auth jobs stt response speech cache audio ops text voice voice.store engine config error"),
            entry("batch", "api api.auth response speech cache audio ops text voice engine config error"),
            entry("cli", "dev.hlas batch stt stt.whisper response speech cache audio ops text voice voice.store engine config error api.auth "
                    + ENGINE_SETTINGS));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.hlas\\.((?:[a-z]+\\.)*)[A-Z]",
            Pattern.MULTILINE);

    @Test
    void no_package_imports_one_above_it() throws IOException {
        Path root = Path.of("src/main/java/dev/hlas");
        List<String> violations = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                if (pkg.isEmpty()) continue; // the composition root wires everything
                String top = topLevel(pkg);
                String allowed = ALLOWED.get(top);
                if (allowed == null) {
                    unknown.add(pkg);
                    continue;
                }
                Set<String> ok = Set.of(allowed.split(" "));
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1).isEmpty() ? "dev.hlas" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (target.equals(pkg) || target.startsWith(pkg + ".") || topLevel(target).equals(top)) continue;
                    if (!ok.contains(target) && !ok.contains(topLevel(target))) {
                        violations.add(root.relativize(file) + " imports dev.hlas." + target);
                    }
                }
            }
        }
        assertThat(unknown).as("packages missing from the table: place them in the picture").isEmpty();
        assertThat(violations).as("imports that run against the flow of data").isEmpty();
    }

    /** The table's key for a package: engine sub-packages, stt.whisper and voice.store/api.auth are their own rows. */
    private static String topLevel(String pkg) {
        if (ALLOWED.containsKey(pkg)) return pkg;
        int dot = pkg.lastIndexOf('.');
        return dot < 0 ? pkg : topLevel(pkg.substring(0, dot));
    }
}
