package dev.hlas.cli;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.ServingConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.config.WyomingConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    @Option(names = "--workers", defaultValue = "${env:HLAS_WORKERS}",
            description = "Worker threads per engine, e.g. piper=2,espeak=1 (HLAS_WORKERS); default: each engine's own.")
    String workers;

    @Option(names = "--queue-limit", defaultValue = "${env:HLAS_QUEUE_LIMIT:-16}",
            description = "Requests that may wait per engine before 429 (HLAS_QUEUE_LIMIT).")
    int queueLimit;

    @Option(names = "--request-timeout", defaultValue = "${env:HLAS_REQUEST_TIMEOUT:-300}",
            description = "Deadline of a speech request in seconds (HLAS_REQUEST_TIMEOUT).")
    int requestTimeoutSeconds;

    @Option(names = "--max-streams-per-client", defaultValue = "${env:HLAS_MAX_STREAMS_PER_CLIENT:-4}",
            description = "Concurrent speech requests per API key or client address; 0 = unlimited "
                    + "(HLAS_MAX_STREAMS_PER_CLIENT).")
    int maxStreamsPerClient;

    @Option(names = "--cache", negatable = true, defaultValue = "${env:HLAS_CACHE:-true}", fallbackValue = "true",
            description = "Cache completed responses (HLAS_CACHE).")
    boolean cache;

    @Option(names = "--cache-memory-mb", defaultValue = "${env:HLAS_CACHE_MEMORY_MB:-64}",
            description = "Memory cache size cap in MB (HLAS_CACHE_MEMORY_MB).")
    long cacheMemoryMb;

    @Option(names = "--cache-disk-mb", defaultValue = "${env:HLAS_CACHE_DISK_MB:-1024}",
            description = "Disk cache size cap in MB under HOME/cache; 0 = none (HLAS_CACHE_DISK_MB).")
    long cacheDiskMb;

    @Option(names = "--api-keys", defaultValue = "${env:HLAS_API_KEYS}",
            description = "Accepted API keys, comma-separated (HLAS_API_KEYS); none = open API.")
    String apiKeys;

    @Option(names = "--api-keys-file", defaultValue = "${env:HLAS_API_KEYS_FILE}",
            description = "File with one API key per line (HLAS_API_KEYS_FILE).")
    Path apiKeysFile;

    @Option(names = "--cors-origins", defaultValue = "${env:HLAS_CORS_ORIGINS}",
            description = "Origins allowed by CORS, comma-separated, or * (HLAS_CORS_ORIGINS); default: CORS off.")
    String corsOrigins;

    @Option(names = "--shutdown-grace", defaultValue = "${env:HLAS_SHUTDOWN_GRACE:-10}",
            description = "Seconds shutdown waits for in-flight requests (HLAS_SHUTDOWN_GRACE).")
    int shutdownGraceSeconds;

    @Option(names = "--log-texts", defaultValue = "${env:HLAS_LOG_TEXTS:-false}",
            description = "Write input texts into request logs (HLAS_LOG_TEXTS); default: lengths only.")
    boolean logTexts;

    @Option(names = "--default-voices", defaultValue = "${env:HLAS_DEFAULT_VOICES}",
            description = "Voice per language, loaded at start and preferred by OpenAI voice names, and per alias "
                    + "(echo.en=am_echo) (HLAS_DEFAULT_VOICES); default cs=cs_CZ-jirka-medium,en=en_US-lessac-medium.")
    String defaultVoices;

    @Option(names = "--default-language", defaultValue = "${env:HLAS_DEFAULT_LANGUAGE}",
            description = "Language of a short sentence that neither its words, its neighbours nor a concrete voice "
                    + "decide (HLAS_DEFAULT_LANGUAGE); default: the first language of --default-voices (cs).")
    String defaultLanguage;

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

    @Option(names = "--wyoming-port", defaultValue = "${env:HLAS_WYOMING_PORT:--1}",
            description = "Also serve the Wyoming protocol (Home Assistant) on this TCP port, e.g. 10200 "
                    + "(HLAS_WYOMING_PORT); default: off.")
    int wyomingPort;

    @Option(names = "--wyoming-host", defaultValue = "${env:HLAS_WYOMING_HOST}",
            description = "Address the Wyoming server listens on (HLAS_WYOMING_HOST); default: --host.")
    String wyomingHost;

    @Option(names = "--wyoming-speeds", defaultValue = "${env:HLAS_WYOMING_SPEEDS:-0.9,1.1,1.2}",
            description = "Speed variants offered as extra Wyoming voices <voice>@<speed> (HLAS_WYOMING_SPEEDS); "
                    + "empty for none.")
    String wyomingSpeeds;

    @Option(names = "--zeroconf", negatable = true, defaultValue = "${env:HLAS_ZEROCONF:-true}",
            fallbackValue = "true", description = "Announce the Wyoming server over mDNS for Home Assistant "
                    + "(HLAS_ZEROCONF); --no-zeroconf to stay silent.")
    boolean zeroconf;

    HlasConfig toConfig() {
        String base = mirror == null || mirror.isBlank() ? System.getenv("HF_ENDPOINT") : mirror;
        VoiceConfig voices = new VoiceConfig(VoiceConfig.parseLanguageDefaults(defaultVoices),
                base == null || base.isBlank() ? null : URI.create(base.strip()), onnxThreads, onnxSpinning,
                sentenceSilence, defaultLanguage);
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving()).withWyoming(WyomingConfig.off().withPort(wyomingPort).withHost(wyomingHost)
                .withSpeeds(WyomingConfig.parseSpeeds(wyomingSpeeds)).withZeroconf(zeroconf));
    }

    private ServingConfig serving() {
        List<String> keys = new ArrayList<>(ApiKeys.parseList(apiKeys));
        if (apiKeysFile != null) {
            try {
                keys.addAll(ApiKeys.readFile(apiKeysFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read API keys file " + apiKeysFile, e);
            }
        }
        ServingConfig d = ServingConfig.defaults();
        List<String> origins = corsOrigins == null || corsOrigins.isBlank() ? List.of()
                : List.of(corsOrigins.trim().split("\\s*,\\s*"));
        return new ServingConfig(ServingConfig.parseWorkers(workers), queueLimit,
                Duration.ofSeconds(requestTimeoutSeconds), maxStreamsPerClient, cache, cacheMemoryMb << 20,
                cacheDiskMb << 20, d.cacheMaxEntryBytes(), keys, origins, Duration.ofSeconds(shutdownGraceSeconds),
                logTexts);
    }
}
