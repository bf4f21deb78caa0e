package dev.hlas.engine.piper;

import dev.hlas.engine.onnx.OnnxSettings;

/**
 * How the Piper engine runs on this machine.
 *
 * @param onnx            ONNX Runtime threads, spinning and memory settings for every Piper session
 * @param sentenceSilence seconds of silence after each sentence (0–2; legacy Piper used 0.2)
 * @param warmUp          whether a voice runs one dummy inference when it is loaded, so the first request is not slow
 */
public record PiperSettings(OnnxSettings onnx, double sentenceSilence, boolean warmUp) {
    /** Noise settings a request may choose are clamped to this range. */
    public static final float MAX_NOISE = 2.0f;

    public PiperSettings {
        if (onnx == null) onnx = OnnxSettings.defaults();
        if (!(sentenceSilence >= 0 && sentenceSilence <= 2)) {
            throw new IllegalArgumentException("sentence silence must be within 0–2 s: " + sentenceSilence);
        }
    }

    public static PiperSettings defaults() {
        return new PiperSettings(OnnxSettings.defaults(), 0.2, true);
    }
}
