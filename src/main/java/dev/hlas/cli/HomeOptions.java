package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where installed voices (and the server's cache) live: for every command that reads or changes them. */
final class HomeOptions {
    @Option(names = "--home", defaultValue = "${env:HLAS_HOME}",
            description = "Data directory for voices and cache (HLAS_HOME); default ~/.local/share/hlas.")
    Path home;

    /** The default configuration with this data directory. */
    HlasConfig toConfig() {
        return HlasConfig.defaults().withHome(home);
    }
}
