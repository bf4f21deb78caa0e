package dev.hlas.cli;

import dev.hlas.audio.Decoded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hlas say} writes every format, chosen by the file's extension or by {@code --format}. */
class SayCommandFormatsTest {
    @TempDir
    Path dir;

    int say(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "say";
        all[1] = "--home";
        all[2] = dir.resolve("home").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new CommandLine(new Main()).execute(all);
    }

    @ParameterizedTest
    @CsvSource({"hello.mp3,mp3,22050", "hello.ogg,opus,48000", "hello.opus,opus,48000", "hello.aac,aac,22050",
            "hello.flac,flac,22050", "hello.wav,pcm_s16le,22050"})
    void the_extension_chooses_the_format(String file, String codec, int rate) throws Exception {
        Path out = dir.resolve(file);
        assertThat(say("-o", out.toString(), "Hello from the command line. A second sentence.")).isZero();
        Decoded d = Decoded.of(Files.readAllBytes(out), dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.codec()).isEqualTo(codec);
        assertThat(d.sampleRate()).isEqualTo(rate);
        assertThat(d.seconds()).isGreaterThan(1.5);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void format_flag_sample_rate_and_czech_text() throws Exception {
        Path out = dir.resolve("speech.bin");
        assertThat(say("-o", out.toString(), "-f", "pcm", "--sample-rate", "16000", "--lang", "cs",
                "Dobrý den, jak se máte?")).isZero();
        Decoded d = Decoded.rawPcm(Files.readAllBytes(out), 16000, dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.seconds()).isBetween(0.8, 5.0);
    }

    @Test
    void a_repeated_say_is_answered_from_the_disk_cache() throws Exception {
        Path first = dir.resolve("first.mp3");
        Path second = dir.resolve("second.mp3");
        assertThat(say("-o", first.toString(), "The cache keeps this sentence.")).isZero();
        Path cache = dir.resolve("home").resolve("cache").resolve("speech");
        List<Path> entries;
        try (Stream<Path> files = Files.walk(cache)) {
            entries = files.filter(Files::isRegularFile).toList();
        }
        assertThat(entries).hasSize(1);
        Object identity = Files.readAttributes(entries.getFirst(), BasicFileAttributes.class).fileKey();

        assertThat(say("-o", second.toString(), "The cache keeps this sentence.")).isZero();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        // A miss would have stored the entry again (a new file moved into place): a hit reads the same file.
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactlyElementsOf(entries);
        }
        assertThat(Files.readAttributes(entries.getFirst(), BasicFileAttributes.class).fileKey()).isEqualTo(identity);
    }

    @Test
    void an_unknown_extension_is_refused_without_leaving_a_file() {
        Path out = dir.resolve("speech.xyz");
        assertThat(say("-o", out.toString(), "Hello.")).isNotZero();
        assertThat(out).doesNotExist();
    }
}
