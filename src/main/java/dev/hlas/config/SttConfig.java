package dev.hlas.config;

/**
 * Speech to text ({@code POST /v1/audio/transcriptions}, {@code hlas transcribe}).
 *
 * @param defaultModel   model used for {@code whisper-1} and the {@code gpt-4o-*-transcribe} names, or null for
 *                       the first installed one in order of preference (base, small, tiny, …)
 * @param maxUploadBytes largest accepted upload (413 beyond)
 * @param maxSeconds     longest accepted audio, in seconds (400 beyond)
 * @param workers        recognitions that run at once (each on its own platform thread)
 * @param threads        CPU threads each recognition uses
 */
public record SttConfig(String defaultModel, long maxUploadBytes, double maxSeconds, int workers, int threads) {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 25L * 1024 * 1024;

    public SttConfig {
        if (defaultModel != null && defaultModel.isBlank()) defaultModel = null;
        if (maxUploadBytes < 1) throw new IllegalArgumentException("max upload size must be positive");
        if (!(maxSeconds > 0)) throw new IllegalArgumentException("max audio seconds must be positive");
        if (workers < 1) throw new IllegalArgumentException("speech-to-text workers must be at least 1");
        if (threads < 1) throw new IllegalArgumentException("speech-to-text threads must be at least 1");
    }

    /** 25 MB uploads (as OpenAI), 30 minutes of audio, one worker with up to 4 threads. */
    public static SttConfig defaults() {
        return new SttConfig(null, DEFAULT_MAX_UPLOAD_BYTES, 1800, 1,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public SttConfig withMaxUploadBytes(long bytes) {
        return new SttConfig(defaultModel, bytes, maxSeconds, workers, threads);
    }

    public SttConfig withThreads(int n) {
        return new SttConfig(defaultModel, maxUploadBytes, maxSeconds, workers, n);
    }

    public SttConfig withWorkers(int n) {
        return new SttConfig(defaultModel, maxUploadBytes, maxSeconds, n, threads);
    }

    public SttConfig withMaxSeconds(double seconds) {
        return new SttConfig(defaultModel, maxUploadBytes, seconds, workers, threads);
    }
}
