package dev.hlas.engine.piper;

import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.espeak.EspeakNative;

/** Opens the Piper engine (see docs/ENGINES.md, "Piper"). */
public final class PiperProvider implements EngineProvider<PiperSettings> {
    private final EspeakNative espeak;

    /** @param espeak the phonemizer every Piper voice uses */
    public PiperProvider(EspeakNative espeak) {
        this.espeak = espeak;
    }

    @Override
    public String id() {
        return PiperEngine.ID;
    }

    @Override
    public SpeechEngine open(PiperSettings settings, InstalledModels models) {
        return new PiperEngine(models, espeak, settings);
    }
}
