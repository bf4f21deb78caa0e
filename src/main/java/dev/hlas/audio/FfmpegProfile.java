package dev.hlas.audio;

import java.util.Map;

/**
 * How FFmpeg produces one compressed {@code response_format}: the encoder and muxer names, the sample layout the
 * encoder takes, and settings chosen for speech.
 *
 * @param codec        FFmpeg encoder name, e.g. {@code libmp3lame}
 * @param muxer        FFmpeg muxer (container) name, e.g. {@code ogg}
 * @param sampleFormat {@code AV_SAMPLE_FMT_*} the encoder is fed (mono, so planar and packed are the same bytes)
 * @param bitRate      target bits per second, or 0 for a lossless codec
 * @param compression  {@code compression_level} (Opus complexity, FLAC level), or -1 for the codec default
 * @param codecOptions private encoder options
 * @param muxerOptions private muxer options
 */
record FfmpegProfile(String codec, String muxer, int sampleFormat, long bitRate, int compression,
                     Map<String, String> codecOptions, Map<String, String> muxerOptions) {
    FfmpegProfile {
        codecOptions = Map.copyOf(codecOptions);
        muxerOptions = Map.copyOf(muxerOptions);
    }
}
