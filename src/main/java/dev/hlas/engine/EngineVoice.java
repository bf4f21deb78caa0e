package dev.hlas.engine;

/**
 * A voice ready to speak. Implementations are thread-safe: the scheduler may call {@link #synthesize} from several
 * workers at once (an engine with global native state serializes internally).
 */
public interface EngineVoice {
    VoiceInfo info();

    /**
     * Identifies this voice's model data and the engine code that renders it (e.g. a checksum of the model file plus
     * the engine's version): it must change whenever the same input would give different audio, because cached
     * responses are keyed by it. The default, empty, suits voices whose audio only changes with the server version.
     */
    default String modelVersion() {
        return "";
    }

    /**
     * Synthesizes one utterance and hands its audio to {@code sink} in order, in one or more chunks. Stops early,
     * without error, when the sink returns {@code false}. Chunks carry the voice's native sample rate.
     *
     * @throws EngineFailure when synthesis fails; no further chunks follow
     */
    void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink);

    /**
     * Whether this voice wants a request's whole text as one utterance, because it cuts sentences itself (an upstream
     * server set to {@code split: upstream}). The planner then joins the request's consecutive plain sentences of one
     * language for it. False by default: voices are given one sentence at a time.
     */
    default boolean wholeInput() {
        return false;
    }

    /**
     * Whether this voice speaks {@link Utterance#phonemes() given phonemes} (IPA) in place of the text they cover.
     * Voices that do not are given the text (or a lexicon entry's alias) instead.
     */
    default boolean takesPhonemes() {
        return false;
    }

    /**
     * Checks, before any audio is produced, that this voice can honour {@code params} (e.g. that a requested
     * speaker exists), so a bad value is a clean 400 rather than a failed stream. Does nothing by default.
     *
     * @throws dev.hlas.error.VoiceUnavailable or {@link dev.hlas.error.InvalidRequest} naming the bad {@code param}
     */
    default void validate(SynthesisParams params) {
    }
}
