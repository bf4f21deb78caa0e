package dev.hlas.config;

import dev.hlas.engine.kokoro.KokoroSettings;
import dev.hlas.engine.piper.PiperSettings;
import dev.hlas.engine.remote.RemoteSettings;
import dev.hlas.engine.supertonic.SupertonicSettings;

/**
 * Each engine's slice of the configuration: the settings its provider opens it with. espeak-ng has none. Engines
 * never read the environment; the CLI maps flags and {@code HLAS_*} variables onto these.
 *
 * @param piper       ONNX threads and spinning, sentence silence
 * @param kokoro      threads per run and runs at once
 * @param supertonic  threads per run, runs at once, default steps and pacing
 * @param remote      the upstreams whose voices the gateway offers (none by default)
 * @param firstClause whether every engine synthesizes a long first sentence's first clause as its own model run
 *                    ({@code --first-chunk clause}, the default) or the first sentence whole ({@code sentence})
 */
public record EnginesConfig(PiperSettings piper, KokoroSettings kokoro, SupertonicSettings supertonic,
                            RemoteSettings remote, boolean firstClause) {
    public EnginesConfig {
        if (piper == null) piper = PiperSettings.defaults();
        if (kokoro == null) kokoro = KokoroSettings.defaults();
        if (supertonic == null) supertonic = SupertonicSettings.defaults();
        if (remote == null) remote = RemoteSettings.none();
    }

    /** No upstreams; long first sentences cut after their first clause. */
    public EnginesConfig(PiperSettings piper, KokoroSettings kokoro, SupertonicSettings supertonic) {
        this(piper, kokoro, supertonic, null, true);
    }

    /** Every engine with its defaults for this machine. */
    public static EnginesConfig defaults() {
        return new EnginesConfig(null, null, null, null, true);
    }

    public EnginesConfig withPiper(PiperSettings settings) {
        return new EnginesConfig(settings, kokoro, supertonic, remote, firstClause);
    }

    public EnginesConfig withRemote(RemoteSettings settings) {
        return new EnginesConfig(piper, kokoro, supertonic, settings, firstClause);
    }

    public EnginesConfig withFirstClause(boolean clause) {
        return new EnginesConfig(piper, kokoro, supertonic, remote, clause);
    }
}
