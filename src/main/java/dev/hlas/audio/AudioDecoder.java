package dev.hlas.audio;

import dev.hlas.error.HlasException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

/**
 * Decodes an audio file of any container and codec FFmpeg knows (wav, mp3, Ogg Opus/Vorbis, flac, m4a/aac, webm …)
 * to mono float samples at a chosen rate, mixing channels down and resampling with libswresample. The first audio
 * stream is used. Input that is not decodable audio, or longer than the limit, is a 400 naming the field.
 */
public final class AudioDecoder {
    private static final int EAGAIN = -11;

    private AudioDecoder() {
    }

    /**
     * @param file       the uploaded file
     * @param rate       output sample rate
     * @param maxSeconds refuse audio longer than this (decoding stops as soon as it is exceeded)
     * @param param      the request field the audio came in, for errors
     */
    public static float[] decode(Path file, int rate, double maxSeconds, String param) {
        AVFormatContext format = new AVFormatContext(null);
        AVCodecContext codec = null;
        SwrContext swr = null;
        AVPacket packet = null;
        AVFrame frame = null;
        AVChannelLayout mono = new AVChannelLayout();
        try {
            int err = avformat_open_input(format, file.toString(), null, null);
            if (err < 0) throw undecodable(param, err);
            err = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (err < 0) throw undecodable(param, err);
            int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                throw HlasException.invalid(param, "The uploaded file has no audio stream.");
            }
            AVStream stream = format.streams(index);
            AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
            if (decoder == null) {
                throw HlasException.invalid(param, "The uploaded file's audio codec is not supported.");
            }
            codec = avcodec_alloc_context3(decoder);
            avcodec_parameters_to_context(codec, stream.codecpar());
            err = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
            if (err < 0) throw undecodable(param, err);
            av_channel_layout_default(mono, 1);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            Samples out = new Samples(rate, maxSeconds, param);
            boolean draining = false;
            while (true) {
                if (!draining) {
                    int read = av_read_frame(format, packet);
                    if (read < 0) {
                        draining = true;
                        avcodec_send_packet(codec, null);
                    } else {
                        if (packet.stream_index() == index) {
                            int sent = avcodec_send_packet(codec, packet);
                            if (sent < 0 && sent != EAGAIN) {
                                av_packet_unref(packet);
                                if (out.size > 0) break; // a damaged tail: keep what decoded
                                throw undecodable(param, sent);
                            }
                        }
                        av_packet_unref(packet);
                    }
                }
                int received;
                while ((received = avcodec_receive_frame(codec, frame)) >= 0) {
                    if (swr == null) {
                        swr = new SwrContext(null);
                        err = swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_FLT, rate, frame.ch_layout(),
                                frame.format(), frame.sample_rate(), 0, null);
                        if (err < 0 || swr_init(swr) < 0) throw undecodable(param, err);
                    }
                    out.convert(swr, frame);
                }
                if (received == AVERROR_EOF) break;
                if (received != EAGAIN && received < 0) {
                    if (out.size > 0) break;
                    throw undecodable(param, received);
                }
            }
            if (swr != null) out.flush(swr);
            if (out.size == 0) throw HlasException.invalid(param, "The uploaded file contains no audio samples.");
            return Arrays.copyOf(out.samples, out.size);
        } finally {
            if (frame != null) av_frame_free(frame);
            if (packet != null) av_packet_free(packet);
            if (swr != null) swr_free(swr);
            if (codec != null) avcodec_free_context(codec);
            avformat_close_input(format);
            av_channel_layout_uninit(mono);
        }
    }

    private static HlasException undecodable(String param, int err) {
        BytePointer text = new BytePointer(256);
        av_strerror(err, text, 256);
        return HlasException.invalid(param, "The uploaded file could not be decoded as audio (" + text.getString()
                + "). Supported: wav, mp3, ogg/opus, flac, m4a/aac, webm and other formats FFmpeg reads.");
    }

    /** The growing output, bounded by the duration limit. */
    private static final class Samples {
        final int rate;
        final long max;
        final double maxSeconds;
        final String param;
        float[] samples = new float[16_000];
        int size;

        Samples(int rate, double maxSeconds, String param) {
            this.rate = rate;
            this.maxSeconds = maxSeconds;
            this.max = (long) Math.ceil(maxSeconds * rate);
            this.param = param;
        }

        void convert(SwrContext swr, AVFrame frame) {
            int room = (int) ((long) frame.nb_samples() * rate / Math.max(1, frame.sample_rate())) + 256;
            write(swr, room, frame.extended_data(), frame.nb_samples());
        }

        void flush(SwrContext swr) {
            write(swr, 4096, null, 0);
        }

        private void write(SwrContext swr, int room, PointerPointer<?> in, int inCount) {
            try (FloatPointer buffer = new FloatPointer(room); PointerPointer<?> outs = new PointerPointer<>(1)) {
                outs.put(0, buffer);
                int n = in == null ? swr_convert(swr, outs, room, (PointerPointer<?>) null, 0)
                        : swr_convert(swr, outs, room, in, inCount);
                if (n <= 0) return;
                if (size + (long) n > max) {
                    throw HlasException.invalid(param, String.format(Locale.ROOT,
                            "The audio is longer than the limit of %.0f seconds.", maxSeconds));
                }
                if (size + n > samples.length) samples = Arrays.copyOf(samples, Math.max(size + n, samples.length * 2));
                buffer.get(samples, size, n);
                size += n;
            }
        }
    }
}
