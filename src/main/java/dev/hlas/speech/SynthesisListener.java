package dev.hlas.speech;

import dev.hlas.engine.VoiceInfo;

/**
 * Observes synthesis as it happens (metrics, tests). Every method defaults to doing nothing; implementations must be
 * fast and thread-safe.
 */
public interface SynthesisListener {
    SynthesisListener NONE = new SynthesisListener() {
    };

    /** A stream started producing audio. */
    default void streamStarted(SpeechPlan plan) {
    }

    /**
     * One sentence finished synthesizing.
     *
     * @param computeNanos  time the engine spent on it
     * @param audioSeconds  seconds of audio it produced
     */
    default void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos, double audioSeconds) {
    }

    /** A sentence waited {@code waitNanos} in {@code engine}'s queue before a worker took it. */
    default void queueWaited(String engine, long waitNanos) {
    }

    /** A stream ended: completed, cancelled or failed. */
    default void streamEnded(SpeechPlan plan, boolean completed) {
    }

    /** Both listeners, {@code a} first; {@code a} alone when {@code b} is {@link #NONE}. */
    static SynthesisListener both(SynthesisListener a, SynthesisListener b) {
        if (b == NONE) return a;
        if (a == NONE) return b;
        return new SynthesisListener() {
            @Override
            public void streamStarted(SpeechPlan plan) {
                a.streamStarted(plan);
                b.streamStarted(plan);
            }

            @Override
            public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos,
                                            double audioSeconds) {
                a.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
                b.sentenceSynthesized(voice, index, total, computeNanos, audioSeconds);
            }

            @Override
            public void queueWaited(String engine, long waitNanos) {
                a.queueWaited(engine, waitNanos);
                b.queueWaited(engine, waitNanos);
            }

            @Override
            public void streamEnded(SpeechPlan plan, boolean completed) {
                a.streamEnded(plan, completed);
                b.streamEnded(plan, completed);
            }
        };
    }
}
