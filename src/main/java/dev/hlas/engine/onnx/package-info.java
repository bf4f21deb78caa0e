/** Shared ONNX Runtime set-up for the neural engines (Piper, Kokoro, Supertonic). */
package dev.hlas.engine.onnx;
