package dev.hlas.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

/**
 * Opens the encoder for a response format, and decides the sample rate each format is produced at.
 *
 * <p>Settings for speech (mono), each measured in {@code bench/EncodeBench} (BENCHMARKS.md): mp3 64 kbps CBR with
 * LAME quality 7 (twice as fast as its default; at 64 kbps mono there is bitrate to spare for speech), Opus 32 kbps
 * constrained VBR at complexity 5 in Ogg (a third of complexity 10's cost; below 10 libopus skips its signal
 * analysis and unconstrained VBR overshoots to ~50 kbps on speech, so VBR is constrained), AAC-LC 64 kbps in ADTS
 * with the {@code fast} coder (5× faster than {@code twoloop}, and nearer the target rate), FLAC at level 5,
 * WAV and PCM as 16-bit. WAV and PCM are written by Hlas itself (a 44-byte header is not a codec); mp3 and Opus by
 * the system's libmp3lame and libopus + libogg through FFM (about twice as fast as the builds bundled with FFmpeg's
 * binding; FFmpeg takes over, with the same settings, where they are not installed); AAC and FLAC by FFmpeg.
 */
public final class Encoders {
    /** What OpenAI's {@code pcm} is, and what agent frameworks play it at. */
    public static final int PCM_DEFAULT_RATE = 24_000;
    /** Opus always decodes at 48 kHz; Hlas feeds it that rate. */
    public static final int OPUS_RATE = 48_000;
    public static final int MIN_RATE = 8_000;
    public static final int MAX_RATE = 48_000;
    /** Rates both LAME (MPEG-1/2/2.5) and FFmpeg's AAC encoder accept. */
    private static final int[] MPEG_RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

    /** MP3: CBR bit rate in kbit/s and LAME quality (0 best … 9 fastest). */
    static final int MP3_KBPS = 64;
    static final int MP3_QUALITY = 7;
    /** Opus: bit rate (constrained VBR) and complexity (0 fastest … 10). */
    static final int OPUS_BITRATE = 32_000;
    static final int OPUS_COMPLEXITY = 5;

    private static final FfmpegProfile MP3 = new FfmpegProfile("libmp3lame", "mp3", AV_SAMPLE_FMT_FLTP,
            MP3_KBPS * 1000L, MP3_QUALITY, Map.of(), Map.of("id3v2_version", "0", "write_xing", "0"));
    private static final FfmpegProfile OPUS = new FfmpegProfile("libopus", "ogg", AV_SAMPLE_FMT_FLT, OPUS_BITRATE,
            OPUS_COMPLEXITY,
            Map.of("application", "audio", "frame_duration", "20", "vbr", "constrained"), Map.of());
    private static final FfmpegProfile AAC = new FfmpegProfile("aac", "adts", AV_SAMPLE_FMT_FLTP, 64_000, -1,
            Map.of("aac_coder", "fast"), Map.of());
    private static final FfmpegProfile FLAC = new FfmpegProfile("flac", "flac", AV_SAMPLE_FMT_S16, 0, 5,
            Map.of(), Map.of());

    private Encoders() {
    }

    /**
     * The rate a response is produced at.
     *
     * @param requested  the {@code sample_rate} extension (8000–48000), or null
     * @param nativeRate the rate the voice synthesizes at
     * @return for {@code pcm} the request or 24 kHz; for {@code opus} always 48 kHz; for {@code mp3}/{@code aac} the
     *         MPEG rate nearest to the request or the native rate; for {@code wav}/{@code flac} the request or the
     *         native rate
     */
    public static int outputRate(AudioFormat format, Integer requested, int nativeRate) {
        int wanted = clamp(requested != null ? requested : nativeRate);
        return switch (format) {
            case PCM -> requested != null ? wanted : PCM_DEFAULT_RATE;
            case OPUS -> OPUS_RATE;
            case MP3, AAC -> nearest(MPEG_RATES, wanted);
            case WAV, FLAC -> wanted;
        };
    }

    private static int clamp(int rate) {
        return Math.max(MIN_RATE, Math.min(MAX_RATE, rate));
    }

    private static int nearest(int[] rates, int wanted) {
        int best = rates[0];
        for (int r : rates) if (Math.abs(r - wanted) <= Math.abs(best - wanted)) best = r;
        return best;
    }

    /**
     * Opens an encoder writing to {@code out}.
     *
     * @param sampleRate rate of the samples that will be written (see {@link #outputRate})
     */
    public static AudioEncoder open(AudioFormat format, int sampleRate, OutputStream out) {
        return switch (format) {
            case WAV -> new WavEncoder(out, sampleRate);
            case PCM -> new PcmEncoder(out, sampleRate);
            case MP3 -> LameEncoder.API.isPresent() ? new LameEncoder(sampleRate, out)
                    : openFfmpeg(format, sampleRate, out);
            case OPUS -> OggOpusEncoder.API.isPresent() ? new OggOpusEncoder(out)
                    : openFfmpeg(format, sampleRate, out);
            case AAC, FLAC -> openFfmpeg(format, sampleRate, out);
        };
    }

    /**
     * What encodes a compressed format in this process: the system library bound through FFM (mp3: libmp3lame;
     * opus: libopus with libogg) when it is installed, else FFmpeg's bundled encoder; {@code null} for WAV and PCM.
     */
    public static String implementation(AudioFormat format) {
        return switch (format) {
            case WAV, PCM -> null;
            case MP3 -> LameEncoder.API.map(a -> "system " + a.library()).orElse("ffmpeg libmp3lame");
            case OPUS -> OggOpusEncoder.API.map(a -> "system " + a.library()).orElse("ffmpeg libopus");
            case AAC -> "ffmpeg aac";
            case FLAC -> "ffmpeg flac";
        };
    }

    /**
     * A compressed format through FFmpeg, whatever the system has: the fallback when a system codec is missing, and
     * the baseline the benchmarks compare the system codecs with. Same settings.
     */
    public static AudioEncoder openFfmpeg(AudioFormat format, int sampleRate, OutputStream out) {
        return switch (format) {
            case MP3 -> new FfmpegEncoder(MP3, sampleRate, out);
            case OPUS -> new FfmpegEncoder(OPUS, sampleRate, out);
            case AAC -> new FfmpegEncoder(AAC, sampleRate, out);
            case FLAC -> new FfmpegEncoder(FLAC, sampleRate, out);
            case WAV, PCM -> throw new IllegalArgumentException(format + " is not encoded by FFmpeg");
        };
    }

    /**
     * An Ogg Opus encoder at another complexity than the default 5 (0 = fastest, 10 = libopus's default), for
     * tuning measurements; responses always use the default.
     */
    public static AudioEncoder openOpus(int complexity, OutputStream out) {
        if (complexity < 0 || complexity > 10) throw new IllegalArgumentException("complexity 0–10: " + complexity);
        return OggOpusEncoder.API.isPresent() ? new OggOpusEncoder(out, complexity) : openFfmpegOpus(complexity, out);
    }

    /** Like {@link #openOpus}, always through FFmpeg: the baseline the benchmarks compare with. */
    public static AudioEncoder openFfmpegOpus(int complexity, OutputStream out) {
        if (complexity < 0 || complexity > 10) throw new IllegalArgumentException("complexity 0–10: " + complexity);
        return new FfmpegEncoder(new FfmpegProfile(OPUS.codec(), OPUS.muxer(), OPUS.sampleFormat(), OPUS.bitRate(),
                complexity, OPUS.codecOptions(), OPUS.muxerOptions()), OPUS_RATE, out);
    }

    /**
     * A complete response's bytes as they should be stored or sent whole: a streamed WAV gets exact sizes in
     * place of the streaming {@code 0xFFFFFFFF}; every other format is already final.
     */
    public static byte[] completeFile(AudioFormat format, byte[] bytes) {
        return format == AudioFormat.WAV ? WavEncoder.withExactSizes(bytes) : bytes;
    }

    /**
     * Native encoders (FFmpeg and system codecs) opened and not yet closed in this process; 0 when no response is
     * being encoded.
     */
    public static int openNativeEncoders() {
        return FfmpegEncoder.openCount() + SystemCodec.OPEN.get();
    }

    /** Loads the FFmpeg libraries now, so the first request does not pay for it. */
    public static void warmUp() {
        try (AudioEncoder e = open(AudioFormat.MP3, 24_000, OutputStream.nullOutputStream());
             AudioEncoder o = open(AudioFormat.OPUS, OPUS_RATE, OutputStream.nullOutputStream());
             AudioEncoder a = open(AudioFormat.AAC, 24_000, OutputStream.nullOutputStream())) {
            e.finish();
            o.finish();
            a.finish();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
