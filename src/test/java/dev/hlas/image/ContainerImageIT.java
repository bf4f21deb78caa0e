package dev.hlas.image;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image, checked after {@code mvn package} (failsafe: it needs target/hlas.jar and target/lib): the
 * jlinked runtime's module list covers what the jars use, and deploy/smoke builds the image's root filesystem and
 * serves from it in a chroot (the CLI and speech requests on the jlinked runtime, SIGTERM).
 */
class ContainerImageIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void the_jlinked_runtime_lists_every_module_jdeps_finds_in_the_jar_and_its_dependencies() throws Exception {
        Set<String> listed = modules(ROOT.resolve("deploy/java-modules.txt"));
        List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/jdeps").toString(),
                "--ignore-missing-deps", "--multi-release", "25", "--print-module-deps",
                "--class-path", ROOT.resolve("target/lib") + "/*", ROOT.resolve("target/hlas.jar").toString()));
        try (Stream<Path> jars = Files.list(ROOT.resolve("target/lib"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).forEach(command::add);
        }
        Run run = run(command, 300);
        assertThat(run.exit()).as(run.output()).isZero();
        String last = run.output().strip().lines().reduce((a, b) -> b).orElse("");
        Set<String> needed = new TreeSet<>(Arrays.asList(last.split(",")));
        assertThat(needed).as("jdeps: " + last).contains("java.base");
        assertThat(listed).as("deploy/java-modules.txt against jdeps").containsAll(needed);
    }

    @Test
    void the_image_root_filesystem_serves_czech_and_english_in_a_chroot_and_stops_cleanly() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("deploy/smoke").toString()).redirectErrorStream(true);
        pb.environment().put("HLAS_SMOKE_JDK", JAVA_HOME.toString());
        Run run = run(pb, 1200);
        Assumptions.assumeTrue(run.exit() != 77, () -> "deploy/smoke skipped: " + run.output().strip());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("PASSED");
    }

    private static Set<String> modules(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, int timeoutSeconds) throws Exception {
        return run(new ProcessBuilder(command).redirectErrorStream(true), timeoutSeconds);
    }

    private static Run run(ProcessBuilder pb, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("hlas-image-it", ".log");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(out));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println(text);
            return new Run(p.exitValue(), text);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
