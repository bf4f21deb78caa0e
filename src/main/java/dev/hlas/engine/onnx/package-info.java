/**
 * ONNX Runtime plumbing shared by the neural engines (Piper, Kokoro, Supertonic): sessions created with explicit
 * settings on one large-stack loader thread ({@link dev.hlas.engine.onnx.OnnxSessions}), graphs opened with an input
 * check and fed from reused direct buffers ({@link dev.hlas.engine.onnx.OnnxModel}), and models that load on first
 * use and close without waiting ({@link dev.hlas.engine.onnx.LazyModel}); an intermediate value exposed as an extra
 * output on a model's bytes in memory ({@link dev.hlas.engine.onnx.OnnxOutputs}, Piper's durations). ONNX Runtime is used nowhere else but in
 * the engines' model classes.
 */
package dev.hlas.engine.onnx;
