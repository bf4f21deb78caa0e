package dev.hlas.engine;

/**
 * A voice ready to speak. Implementations are thread-safe: the scheduler may call {@link #synthesize} from several
 * workers at once (an engine with global native state serializes internally).
 */
public interface EngineVoice {
    VoiceInfo info();

    /**
     * Synthesizes one utterance and hands its audio to {@code sink} in order, in one or more chunks. Stops early,
     * without error, when the sink returns {@code false}. Chunks carry the voice's native sample rate.
     *
     * @throws EngineException when synthesis fails; no further chunks follow
     */
    void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink);

    /**
     * Checks, before any audio is produced, that this voice can honour {@code params} (e.g. that a requested
     * speaker exists), so a bad value is a clean 400 rather than a failed stream. Does nothing by default.
     *
     * @throws dev.hlas.error.HlasException naming the bad {@code param}
     */
    default void validate(SynthesisParams params) {
    }
}
