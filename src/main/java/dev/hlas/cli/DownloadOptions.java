package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Mixin;

/** The options of {@code voices pull}: where voices are installed and where they are downloaded from. */
final class DownloadOptions {
    @Mixin
    HomeOptions home;

    @Mixin
    MirrorOptions mirror;

    HlasConfig toConfig() {
        return mirror.applyTo(home.toConfig());
    }
}
