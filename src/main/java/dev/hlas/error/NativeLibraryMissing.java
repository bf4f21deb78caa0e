package dev.hlas.error;

/** A native library Hlas needs (libespeak-ng and its data) is missing or unusable; the message says how to fix it. */
public final class NativeLibraryMissing extends HlasException {
    public NativeLibraryMissing(String message) {
        super(message, null);
    }

    @Override
    public String code() {
        return "native_library_missing";
    }
}
