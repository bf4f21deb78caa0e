/**
 * Piper (VITS) voices on ONNX Runtime, as docs/ENGINES.md ("Piper") describes:
 * {@link dev.hlas.engine.piper.PiperOnnxJson} reads a voice's {@code .onnx.json}; espeak-ng phonemizes (under its
 * global lock); {@link dev.hlas.engine.piper.PhonemeIdMapper} turns phonemes into ids exactly as piper1-gpl does;
 * {@link dev.hlas.engine.piper.PiperVoice} runs one ORT session per voice (created once, warmed up, shared by all
 * workers) once per sentence; {@link dev.hlas.engine.piper.PiperEngine} finds installed voices among the installed
 * models and loads them lazily or at start.
 */
package dev.hlas.engine.piper;
