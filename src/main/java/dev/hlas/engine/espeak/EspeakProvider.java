package dev.hlas.engine.espeak;

import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;

/** Opens the espeak-ng engine (no settings, no installs: built in) (see docs/ENGINES.md, "espeak-ng"). */
public final class EspeakProvider implements EngineProvider<Void> {
    private final EspeakNative espeak;

    public EspeakProvider(EspeakNative espeak) {
        this.espeak = espeak;
    }

    @Override
    public String id() {
        return EspeakEngine.ID;
    }

    @Override
    public SpeechEngine open(Void settings, InstalledModels models) {
        return new EspeakEngine(espeak);
    }
}
