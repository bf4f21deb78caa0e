package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by every command; each has an {@code HLAS_*} environment equivalent. */
final class ConfigOptions {
    @Option(names = "--host", defaultValue = "${env:HLAS_HOST:-0.0.0.0}", description = "Address to listen on (HLAS_HOST).")
    String host;

    @Option(names = "--port", defaultValue = "${env:HLAS_PORT:-8000}", description = "TCP port (HLAS_PORT).")
    int port;

    @Option(names = "--max-input-chars", defaultValue = "${env:HLAS_MAX_INPUT_CHARS:-4096}",
            description = "Longest accepted input in characters (HLAS_MAX_INPUT_CHARS).")
    int maxInputChars;

    @Option(names = "--default-voice", defaultValue = "${env:HLAS_DEFAULT_VOICE:-alloy}",
            description = "Voice used when none is given (HLAS_DEFAULT_VOICE).")
    String defaultVoice;

    @Option(names = "--espeak-library", defaultValue = "${env:HLAS_ESPEAK_LIBRARY}",
            description = "Path of libespeak-ng (HLAS_ESPEAK_LIBRARY); default: search the system.")
    String espeakLibrary;

    @Option(names = "--espeak-data", defaultValue = "${env:HLAS_ESPEAK_DATA}",
            description = "espeak-ng-data directory (HLAS_ESPEAK_DATA); default: the library's own.")
    String espeakData;

    @Option(names = "--home", defaultValue = "${env:HLAS_HOME}",
            description = "Data directory for voices and cache (HLAS_HOME); default ~/.local/share/hlas.")
    Path home;

    HlasConfig toConfig() {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home);
    }
}
