package dev.hlas.audio;

import dev.hlas.error.HlasException;

import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Set;

/** Opens the encoder for a response format. */
public final class Encoders {
    private static final Set<AudioFormat> SUPPORTED = EnumSet.of(AudioFormat.WAV, AudioFormat.PCM);

    private Encoders() {
    }

    /** Whether this build can produce the format. */
    public static boolean supports(AudioFormat format) {
        return SUPPORTED.contains(format);
    }

    /** The formats this build can produce. */
    public static Set<AudioFormat> supported() {
        return Set.copyOf(SUPPORTED);
    }

    /**
     * Opens an encoder writing to {@code out}.
     *
     * @param sampleRate rate of the samples that will be written
     */
    public static AudioEncoder open(AudioFormat format, int sampleRate, OutputStream out) {
        return switch (format) {
            case WAV -> new WavEncoder(out, sampleRate);
            case PCM -> new PcmEncoder(out, sampleRate);
            default -> throw HlasException.invalid("response_format", "unsupported_value",
                    "response_format '" + format.wireName() + "' is not supported yet; use one of: wav, pcm");
        };
    }
}
