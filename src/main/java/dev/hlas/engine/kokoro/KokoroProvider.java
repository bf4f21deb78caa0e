package dev.hlas.engine.kokoro;

import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.espeak.EspeakNative;

/** Opens the Kokoro engine (see docs/ENGINES.md, "Kokoro"). */
public final class KokoroProvider implements EngineProvider<KokoroSettings> {
    private final EspeakNative espeak;

    /** @param espeak the phonemizer Kokoro uses */
    public KokoroProvider(EspeakNative espeak) {
        this.espeak = espeak;
    }

    @Override
    public String id() {
        return KokoroEngine.ID;
    }

    @Override
    public SpeechEngine open(KokoroSettings settings, InstalledModels models) {
        return new KokoroEngine(models, espeak, settings);
    }
}
