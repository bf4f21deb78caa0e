package dev.hlas.cli;

import dev.hlas.config.EnginesConfig;
import dev.hlas.config.HlasConfig;
import dev.hlas.config.VoiceConfig;
import dev.hlas.engine.kokoro.KokoroSettings;
import dev.hlas.engine.onnx.OnnxDevice;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.engine.remote.RemoteSettings;
import dev.hlas.engine.remote.UpstreamsFile;
import dev.hlas.engine.supertonic.SupertonicSettings;
import dev.hlas.engine.FirstChunk;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How speech is synthesized: the native libraries, the voices chosen by default and the engines' settings. For
 * every command that synthesizes (or lists the voices the engines offer). A new engine setting is one more field
 * here, used in {@link #applyTo}.
 */
final class EngineOptions {
    @Option(names = "--default-voice", defaultValue = "${env:HLAS_DEFAULT_VOICE:-alloy}",
            description = "Voice used when none is given (HLAS_DEFAULT_VOICE).")
    String defaultVoice;

    @Option(names = "--default-voices", defaultValue = "${env:HLAS_DEFAULT_VOICES}",
            description = "Voice per language, loaded at start and preferred by OpenAI voice names, and per alias "
                    + "(echo.en=am_echo) (HLAS_DEFAULT_VOICES); default cs=cs_CZ-jirka-medium,en=en_US-lessac-medium.")
    String defaultVoices;

    @Option(names = "--default-language", defaultValue = "${env:HLAS_DEFAULT_LANGUAGE}",
            description = "Language of a short sentence that neither its words, its neighbours nor a concrete voice "
                    + "decide (HLAS_DEFAULT_LANGUAGE); default: the first language of --default-voices (cs).")
    String defaultLanguage;

    @Option(names = "--espeak-library", defaultValue = "${env:HLAS_ESPEAK_LIBRARY}",
            description = "Path of libespeak-ng (HLAS_ESPEAK_LIBRARY); default: search the system.")
    String espeakLibrary;

    @Option(names = "--espeak-data", defaultValue = "${env:HLAS_ESPEAK_DATA}",
            description = "espeak-ng-data directory (HLAS_ESPEAK_DATA); default: the library's own.")
    String espeakData;

    @Option(names = "--onnx-threads", defaultValue = "${env:HLAS_ONNX_THREADS:-1}",
            description = "ONNX Runtime threads per Piper inference (HLAS_ONNX_THREADS); workers = cores / threads.")
    int onnxThreads;

    @Option(names = "--onnx-spinning", defaultValue = "${env:HLAS_ONNX_SPINNING:-false}", arity = "0..1",
            description = "Let idle ONNX Runtime threads spin-wait (HLAS_ONNX_SPINNING): lower latency, burns CPU.")
    boolean onnxSpinning;

    @Option(names = "--device", defaultValue = "${env:HLAS_DEVICE:-auto}",
            description = "Where ONNX Runtime runs the voices (HLAS_DEVICE): auto (CUDA when its provider loads, "
                    + "else the CPU), cpu or cuda (continues on the CPU, with a warning, when CUDA cannot be had).")
    String device;

    @Option(names = "--sentence-silence", defaultValue = "${env:HLAS_SENTENCE_SILENCE:-0.2}",
            description = "Seconds of silence after each Piper sentence (HLAS_SENTENCE_SILENCE).")
    double sentenceSilence;

    @Option(names = "--kokoro-threads", defaultValue = "${env:HLAS_KOKORO_THREADS}",
            description = "ONNX Runtime threads per Kokoro inference (HLAS_KOKORO_THREADS); default: up to 2.")
    Integer kokoroThreads;

    @Option(names = "--supertonic-threads", defaultValue = "${env:HLAS_SUPERTONIC_THREADS}",
            description = "ONNX Runtime threads per Supertonic inference (HLAS_SUPERTONIC_THREADS); default: up to 2.")
    Integer supertonicThreads;

    @Option(names = "--first-chunk", defaultValue = "${env:HLAS_FIRST_CHUNK:-clause}",
            description = "How the first sentence of a response is synthesized (HLAS_FIRST_CHUNK): clause (a long "
                    + "sentence's first clause alone, streamed while the rest is synthesized) or sentence (whole).")
    String firstChunk;

    @Option(names = "--upstreams", defaultValue = "${env:HLAS_UPSTREAMS}",
            description = "YAML file of other speech servers whose voices this one offers as <upstream>:<voice> "
                    + "(HLAS_UPSTREAMS); see docs/gateway.md.")
    Path upstreams;

    /** {@code base} with these engine and voice settings (its download mirror kept). */
    HlasConfig applyTo(HlasConfig base) {
        OnnxSessions.useDevice(OnnxDevice.parse(device));
        VoiceConfig voices = new VoiceConfig(VoiceConfig.parseLanguageDefaults(defaultVoices), base.voices().mirror(),
                defaultLanguage);
        return new HlasConfig(base.host(), base.port(), base.maxInputChars(), defaultVoice, espeakLibrary, espeakData,
                base.home(), voices, base.serving(), engines(), base.console(), base.wyoming(), base.webSocket(),
                base.jobs(), base.stt());
    }

    private EnginesConfig engines() {
        if (onnxThreads < 1 || onnxThreads > 64) {
            throw new IllegalArgumentException("--onnx-threads must be 1–64: " + onnxThreads);
        }
        OnnxSettings onnx = OnnxSettings.defaults().withIntraOpThreads(onnxThreads).withSpinning(onnxSpinning);
        return new EnginesConfig(new PiperSettings(onnx, sentenceSilence, true),
                kokoroThreads == null ? KokoroSettings.defaults() : KokoroSettings.forThreads(kokoroThreads),
                supertonicThreads == null ? SupertonicSettings.defaults()
                        : SupertonicSettings.forThreads(supertonicThreads),
                remote(), FirstChunk.parse(firstChunk) == FirstChunk.CLAUSE);
    }

    /** The upstreams file, read and checked now: a mistake in it stops start-up with the line it is on. */
    private RemoteSettings remote() {
        if (upstreams == null || upstreams.toString().isBlank()) return RemoteSettings.none();
        String text;
        try {
            text = Files.readString(upstreams);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --upstreams " + upstreams + ": " + e.getMessage(), e);
        }
        return UpstreamsFile.parse(text, "--upstreams " + upstreams, System::getenv);
    }
}
