package dev.hlas.engine;

/**
 * Per-request synthesis settings. Model settings (from a voice's own config) live with the voice; these are what a
 * caller may change per request. Optional engine-specific knobs are {@code null} when not given, and each engine
 * uses its own default then.
 *
 * @param speed      speaking rate multiplier, 0.25–4.0 (1.0 = the voice's natural rate)
 * @param noiseScale Piper/VITS noise scale, or null
 * @param noiseW     Piper/VITS duration noise, or null
 * @param totalSteps flow-matching steps for Supertonic, or null
 * @param speaker    speaker name or numeric id for multi-speaker voices, or null
 */
public record SynthesisParams(double speed, Double noiseScale, Double noiseW, Integer totalSteps, String speaker) {
    public static final double MIN_SPEED = 0.25;
    public static final double MAX_SPEED = 4.0;

    public SynthesisParams {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be within 0.25–4.0: " + speed);
        }
    }

    /** Natural speed, engine defaults for everything else. */
    public static SynthesisParams defaults() {
        return new SynthesisParams(1.0, null, null, null, null);
    }

    public static SynthesisParams ofSpeed(double speed) {
        return new SynthesisParams(speed, null, null, null, null);
    }
}
