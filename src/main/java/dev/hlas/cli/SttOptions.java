package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import dev.hlas.config.SttConfig;
import picocli.CommandLine.Option;

/** Speech-to-text settings: the default recognition model, limits and threads (serve and transcribe). */
final class SttOptions {
    @Option(names = "--stt-model", defaultValue = "${env:HLAS_STT_MODEL}",
            description = "Recognition model for whisper-1 and the gpt-4o-*-transcribe names, e.g. whisper-base "
                    + "(HLAS_STT_MODEL); default: the best installed.")
    String model;

    @Option(names = "--stt-max-upload-mb", defaultValue = "${env:HLAS_STT_MAX_UPLOAD_MB:-25}",
            description = "Largest accepted upload in MB; larger is 413 (HLAS_STT_MAX_UPLOAD_MB).")
    double maxUploadMb;

    @Option(names = "--stt-max-seconds", defaultValue = "${env:HLAS_STT_MAX_SECONDS:-1800}",
            description = "Longest accepted recording in seconds (HLAS_STT_MAX_SECONDS).")
    double maxSeconds;

    @Option(names = "--stt-workers", defaultValue = "${env:HLAS_STT_WORKERS:-1}",
            description = "Recognitions that run at once; more wait up to --queue-limit, then 429 (HLAS_STT_WORKERS).")
    int workers;

    @Option(names = "--stt-threads", defaultValue = "${env:HLAS_STT_THREADS:-0}",
            description = "CPU threads per recognition (HLAS_STT_THREADS); default: cores, at most 4.")
    int threads;

    SttConfig toConfig() {
        SttConfig defaults = SttConfig.defaults();
        if (!(maxUploadMb > 0)) throw new IllegalArgumentException("--stt-max-upload-mb must be positive");
        return new SttConfig(model, Math.round(maxUploadMb * 1024 * 1024), maxSeconds, workers,
                threads > 0 ? threads : defaults.threads());
    }

    HlasConfig applyTo(HlasConfig base) {
        return base.withStt(toConfig());
    }
}
