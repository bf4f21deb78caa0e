package dev.hlas.stt;

import java.util.List;

/**
 * A speech recognition engine: turns 16 kHz mono audio into a transcript with segment timestamps. Implementations
 * load their models lazily, keep them warm, and see models installed while the server runs.
 */
public interface Recognizer extends AutoCloseable {
    /** Engine id, as shown in metrics and request records ({@code whisper}). */
    String id();

    /** The models this engine can use now (installed and complete), sorted by id. */
    List<RecognizerModel> models();

    /**
     * Recognizes {@code audio}. Runs on the caller's thread (a worker of the transcription pool) and may take as long
     * as the audio.
     *
     * @throws dev.hlas.error.HlasException {@code ModelBroken} when the model file cannot be loaded, {@code NotFound}
     *                                      when {@code model} is not installed, {@code EngineFailure} when decoding fails
     */
    Transcript recognize(RecognizerModel model, Pcm16k audio, RecognitionOptions options);

    @Override
    void close();
}
