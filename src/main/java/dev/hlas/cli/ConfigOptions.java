package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import dev.hlas.config.VoiceConfig;
import picocli.CommandLine.Option;

import java.net.URI;
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

    @Option(names = "--default-voices", defaultValue = "${env:HLAS_DEFAULT_VOICES}",
            description = "Voice per language, loaded at start and preferred by OpenAI voice names "
                    + "(HLAS_DEFAULT_VOICES); default cs=cs_CZ-jirka-medium,en=en_US-lessac-medium.")
    String defaultVoices;

    @Option(names = "--mirror", defaultValue = "${env:HLAS_VOICES_MIRROR}",
            description = "Download voices from this base URL instead of the hubs, same paths (HLAS_VOICES_MIRROR, "
                    + "else HF_ENDPOINT). Files are verified against the built-in checksums either way.")
    String mirror;

    @Option(names = "--onnx-threads", defaultValue = "${env:HLAS_ONNX_THREADS:-1}",
            description = "ONNX Runtime threads per inference (HLAS_ONNX_THREADS); workers = cores / threads.")
    int onnxThreads;

    @Option(names = "--onnx-spinning", defaultValue = "${env:HLAS_ONNX_SPINNING:-false}", arity = "0..1",
            description = "Let idle ONNX Runtime threads spin-wait (HLAS_ONNX_SPINNING): lower latency, burns CPU.")
    boolean onnxSpinning;

    @Option(names = "--sentence-silence", defaultValue = "${env:HLAS_SENTENCE_SILENCE:-0.2}",
            description = "Seconds of silence after each Piper sentence (HLAS_SENTENCE_SILENCE).")
    double sentenceSilence;

    HlasConfig toConfig() {
        String base = mirror == null || mirror.isBlank() ? System.getenv("HF_ENDPOINT") : mirror;
        VoiceConfig voices = new VoiceConfig(VoiceConfig.parseLanguageDefaults(defaultVoices),
                base == null || base.isBlank() ? null : URI.create(base.strip()), onnxThreads, onnxSpinning,
                sentenceSilence);
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices);
    }
}
