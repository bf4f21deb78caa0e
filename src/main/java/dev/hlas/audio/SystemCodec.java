package dev.hlas.audio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A codec library of the operating system (Debian: {@code libmp3lame0}, {@code libopus0}, {@code libogg0}, which the
 * launcher installs), bound through the FFM API. The distribution's builds are compiled for the machine's CPU
 * features and run about twice as fast as the codec builds bundled with FFmpeg's Java binding (BENCHMARKS.md).
 * Loaded once per process; callers fall back to FFmpeg when a library is missing.
 */
final class SystemCodec {
    /** System encoders opened and not yet closed, process-wide. */
    static final AtomicInteger OPEN = new AtomicInteger();

    private final SymbolLookup lookup;
    private final String name;

    private SystemCodec(SymbolLookup lookup, String name) {
        this.lookup = lookup;
        this.name = name;
    }

    /** The first of {@code names} (library names or paths) that loads, or empty. */
    static Optional<SystemCodec> load(List<String> names) {
        for (String candidate : names) {
            try {
                return Optional.of(new SystemCodec(SymbolLookup.libraryLookup(candidate, Arena.global()), candidate));
            } catch (IllegalArgumentException notThere) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    /** The library name or path that loaded. */
    String name() {
        return name;
    }

    MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(lookup.find(symbol).orElseThrow(
                () -> new IllegalStateException(name + " lacks " + symbol)), descriptor, options);
    }

    /** Names to try for a library: its Debian soname and the usual places on Linux and macOS. */
    static List<String> candidates(String soname, String dylib) {
        return List.of(soname, "/usr/lib/x86_64-linux-gnu/" + soname, "/usr/lib/aarch64-linux-gnu/" + soname,
                "/usr/lib64/" + soname, "/usr/lib/" + soname, "/usr/local/lib/" + soname,
                "/opt/homebrew/lib/" + dylib, "/usr/local/lib/" + dylib);
    }
}
