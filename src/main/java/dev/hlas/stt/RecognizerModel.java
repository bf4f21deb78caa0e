package dev.hlas.stt;

import java.nio.file.Path;

/**
 * One installed speech recognition model.
 *
 * @param id           install id ({@code whisper-base})
 * @param engine       the engine that runs it ({@code whisper})
 * @param licence      licence shown in listings
 * @param multilingual false for English-only models ({@code .en})
 * @param file         where its weights are
 */
public record RecognizerModel(String id, String engine, String licence, boolean multilingual, Path file) {
}
