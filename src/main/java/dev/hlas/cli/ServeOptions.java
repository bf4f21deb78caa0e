package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Mixin;

/** The options of {@code serve}: data directory, engines and voices, and the server's own. */
final class ServeOptions {
    @Mixin
    HomeOptions home;

    @Mixin
    MirrorOptions mirror;

    @Mixin
    EngineOptions engine;

    @Mixin
    ServerOptions server;

    HlasConfig toConfig() {
        return server.applyTo(engine.applyTo(mirror.applyTo(home.toConfig())));
    }
}
