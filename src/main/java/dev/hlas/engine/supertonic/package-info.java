/**
 * Supertonic (Supertone) voices on ONNX Runtime: 31 languages including Czech and English, read from raw characters
 * (no phonemizer), 44.1 kHz.
 *
 * <p>Each installed model directory, laid out like the Hugging Face repository ({@code onnx/duration_predictor.onnx},
 * {@code onnx/text_encoder.onnx}, {@code onnx/vector_estimator.onnx}, {@code onnx/vocoder.onnx},
 * {@code onnx/tts.json}, {@code onnx/unicode_indexer.json}, {@code voice_styles/*.json}), gives one voice per style
 * file. Per chunk of text: preprocess and wrap in {@code <lang>…</lang>} ({@link dev.hlas.engine.supertonic.SupertonicText}),
 * index characters ({@link dev.hlas.engine.supertonic.UnicodeIndexer}), predict the duration, encode the text, run the
 * flow-matching vector estimator {@code total_steps} times from seeded noise, vocode, and trim to the predicted
 * duration ({@link dev.hlas.engine.supertonic.SupertonicModel}). docs/ENGINES.md, "Supertonic", describes the contract.
 */
package dev.hlas.engine.supertonic;
