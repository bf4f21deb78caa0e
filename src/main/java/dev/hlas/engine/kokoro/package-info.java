/**
 * Kokoro-82M v1.0 voices on ONNX Runtime (see docs/ENGINES.md, "Kokoro"): the three published ONNX signatures,
 * espeak-ng phonemes through misaki's mappings, the 114-symbol vocabulary, ≤510-phoneme chunks with a short first
 * chunk, voice packs ({@code voices-v1.0.bin} npz and per-voice {@code .bin}) and weighted blends. Layout of an
 * install: {@link dev.hlas.engine.kokoro.KokoroInstall}; the catalog entry that downloads it is
 * {@code voice/store/catalog-kokoro.json}.
 */
package dev.hlas.engine.kokoro;
