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
}
