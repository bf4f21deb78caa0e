package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Mixin;

/** The options of commands that run the engines without a server ({@code say}, {@code voices list}). */
final class SynthesisOptions {
    @Mixin
    HomeOptions home;

    @Mixin
    EngineOptions engine;

    HlasConfig toConfig() {
        return engine.applyTo(home.toConfig());
    }
}
