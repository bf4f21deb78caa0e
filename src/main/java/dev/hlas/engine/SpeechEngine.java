package dev.hlas.engine;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A family of voices that share a runtime (espeak-ng, Piper, Kokoro, Supertonic, a remote server). The pipeline only
 * talks to engines through this interface and {@link EngineVoice}; an engine never knows about HTTP or encoders.
 */
public interface SpeechEngine extends AutoCloseable {
    /** Short stable id, used in voice listings and metrics ({@code espeak}, {@code piper}, …). */
    String id();

    /** Voices this engine can speak right now (installed and loadable). */
    List<VoiceInfo> voices();

    /** The voice with this id, loading it if needed; empty when this engine does not have it. */
    Optional<EngineVoice> voice(String voiceId);

    /**
     * Voices this engine knows by a short name: the speaker part of a longer id ({@code jirka} for
     * {@code cs_CZ-jirka-medium}). Several voices may share one (qualities, languages); empty by default.
     */
    default List<VoiceInfo> voicesCalled(String shortName) {
        return List.of();
    }

    /**
     * Loads the models behind those of {@code voiceIds} that are this engine's, now, so their first request does not
     * wait (a server's per-language defaults at start). Ids of other engines and voices that are not installed are
     * skipped; a voice that fails to load is logged and skipped. Does nothing by default.
     *
     * @return the ids that are loaded
     */
    default List<String> preload(Collection<String> voiceIds) {
        return List.of();
    }

    /**
     * Speaker names of a multi-speaker voice, in id order (a voice id {@code <voice>:<speaker>} or a request's
     * {@code speaker} picks one); empty for single-speaker voices and by default.
     */
    default List<String> speakers(String voiceId) {
        return List.of();
    }

    /**
     * How a voice turns text into phonemes, when the engine has a choice (Kokoro: {@code misaki} with its
     * dictionaries installed, else {@code espeak-ng}); empty by default.
     */
    default Optional<String> g2p(String voiceId) {
        return Optional.empty();
    }

    /**
     * How many utterances this engine can usefully synthesize at once on this machine. Engines with global native
     * state answer 1.
     */
    default int parallelism() {
        return 1;
    }

    /** The servers this engine speaks through, with their health (remote upstreams); empty by default. */
    default List<BackendStatus> backends() {
        return List.of();
    }

    /** Releases loaded models. Must not wait for a load in progress longer than it takes to notice it. */
    @Override
    default void close() {
    }
}
