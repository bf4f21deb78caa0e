package dev.hlas.cli;

import dev.hlas.config.HlasConfig;
import picocli.CommandLine.Option;

import java.net.URI;

/** Where voices are downloaded from: for the commands that download. */
final class MirrorOptions {
    @Option(names = "--mirror", defaultValue = "${env:HLAS_VOICES_MIRROR}",
            description = "Download voices from this base URL instead of the hubs, same paths (HLAS_VOICES_MIRROR, "
                    + "else HF_ENDPOINT). Files are verified against the built-in checksums either way.")
    String mirror;

    /** {@code base} downloading from the configured mirror, if any. */
    HlasConfig applyTo(HlasConfig base) {
        String url = mirror == null || mirror.isBlank() ? System.getenv("HF_ENDPOINT") : mirror;
        return base.withVoices(base.voices().withMirror(url == null || url.isBlank() ? null : URI.create(url.strip())));
    }
}
