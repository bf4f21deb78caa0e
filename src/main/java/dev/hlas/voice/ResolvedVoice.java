package dev.hlas.voice;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.SpeechEngine;

/**
 * A concrete voice chosen for (part of) a request.
 *
 * @param engine the engine that owns it
 * @param voice  the voice, ready to synthesize
 */
public record ResolvedVoice(SpeechEngine engine, EngineVoice voice) {
    public String id() {
        return voice.info().id();
    }
}
