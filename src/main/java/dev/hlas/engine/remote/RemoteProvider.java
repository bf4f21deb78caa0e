package dev.hlas.engine.remote;

import dev.hlas.engine.EngineProvider;
import dev.hlas.engine.InstalledModels;
import dev.hlas.engine.SpeechEngine;

/** Opens the {@code remote} engine: voices of other speech servers, reached over HTTP. */
public final class RemoteProvider implements EngineProvider<RemoteSettings> {
    @Override
    public String id() {
        return RemoteEngine.ID;
    }

    @Override
    public SpeechEngine open(RemoteSettings settings, InstalledModels models) {
        return new RemoteEngine(settings == null ? RemoteSettings.none() : settings);
    }
}
