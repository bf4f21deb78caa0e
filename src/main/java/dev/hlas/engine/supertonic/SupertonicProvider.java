package dev.hlas.engine.supertonic;

import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;

/** Opens the Supertonic engine (see docs/ENGINES.md, "Supertonic"). */
public final class SupertonicProvider implements EngineProvider<SupertonicSettings> {
    @Override
    public String id() {
        return SupertonicEngine.ID;
    }

    @Override
    public SpeechEngine open(SupertonicSettings settings, InstalledModels models) {
        return new SupertonicEngine(models, settings);
    }
}
