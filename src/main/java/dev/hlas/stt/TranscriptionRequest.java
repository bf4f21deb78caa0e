package dev.hlas.stt;

import java.nio.file.Path;

/**
 * One transcription or translation, validated by its transport.
 *
 * @param audio   the uploaded file (any format FFmpeg decodes); the caller deletes it afterwards
 * @param model   the requested model: an OpenAI name ({@code whisper-1}, {@code gpt-4o-transcribe},
 *                {@code gpt-4o-mini-transcribe}), an install id, or null for the default
 * @param options language, prompt, temperature, translate
 */
public record TranscriptionRequest(Path audio, String model, RecognitionOptions options) {
}
