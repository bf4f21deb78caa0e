package dev.hlas.audio;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * One FFmpeg encoder + muxer writing one container stream (mp3, Ogg Opus, ADTS AAC, FLAC) to an
 * {@link OutputStream}.
 *
 * <p>Why it looks like this: the muxer writes through a custom {@code AVIOContext} without a seek callback, so every
 * muxer takes its streaming path (no Xing/LAME frame to patch, FLAC STREAMINFO without a total, Ogg pages flushed
 * as they fill and a final page with end-of-stream on {@link #finish}). The native write callback only copies bytes
 * into a Java buffer; they go to the real output after the native call returns, so a slow client blocks a Java
 * frame, never a thread inside native code. One callback thunk serves every encoder (JavaCPP allocates a limited
 * number of callback thunks per class); the AVIO {@code opaque} pointer carries the encoder's id.
 *
 * <p>Native memory is freed by {@link #close}, whatever state the encoder is in; {@link #openCount()} counts
 * encoders not yet closed, so tests can prove cancelled streams leave nothing behind. Not thread-safe.
 */
final class FfmpegEncoder implements AudioEncoder {
    private static final int EAGAIN = -11; // AVERROR(EAGAIN) on Linux
    private static final int IO_BUFFER = 4096;
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final Map<Long, FfmpegEncoder> BY_ID = new ConcurrentHashMap<>();
    private static final WriteCallback WRITE;

    static {
        av_log_set_level(AV_LOG_ERROR);
        WRITE = new WriteCallback();
    }

    private final long id = IDS.getAndIncrement();
    private final OutputStream out;
    private final int sampleRate;
    private final FfmpegProfile profile;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(IO_BUFFER);
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVIOContext io;
    private AVFrame frame;
    private AVPacket packet;
    private Opaque opaque;
    private float[] frameSamples;
    private int frameFill;
    private long pts;
    private boolean finished;
    private boolean closed;

    FfmpegEncoder(FfmpegProfile profile, int sampleRate, OutputStream out) {
        this.profile = profile;
        this.sampleRate = sampleRate;
        this.out = out;
        OPEN.incrementAndGet();
        BY_ID.put(id, this);
        try {
            open();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Encoders opened and not yet closed, process-wide. */
    static int openCount() {
        return OPEN.get();
    }

    private void open() {
        AVCodec encoder = avcodec_find_encoder_by_name(profile.codec());
        if (encoder == null || encoder.isNull()) throw new IllegalStateException("FFmpeg lacks " + profile.codec());
        format = new AVFormatContext(null);
        check(avformat_alloc_output_context2(format, null, profile.muxer(), null), "alloc " + profile.muxer());

        codec = avcodec_alloc_context3(encoder);
        codec.sample_fmt(profile.sampleFormat());
        codec.sample_rate(sampleRate);
        av_channel_layout_default(codec.ch_layout(), 1);
        codec.time_base().num(1).den(sampleRate);
        if (profile.bitRate() > 0) codec.bit_rate(profile.bitRate());
        if (profile.compression() >= 0) codec.compression_level(profile.compression());
        if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary codecOptions = dictionary(profile.codecOptions());
        try {
            check(avcodec_open2(codec, encoder, codecOptions), "open " + profile.codec() + " at " + sampleRate + " Hz");
        } finally {
            av_dict_free(codecOptions);
        }

        stream = avformat_new_stream(format, null);
        if (stream == null || stream.isNull()) throw new IllegalStateException("avformat_new_stream failed");
        stream.time_base().num(1).den(sampleRate);
        check(avcodec_parameters_from_context(stream.codecpar(), codec), "codec parameters");

        opaque = new Opaque(id);
        Pointer buffer = av_malloc(IO_BUFFER);
        io = avio_alloc_context(new BytePointer(buffer), IO_BUFFER, 1, opaque, null, WRITE, null);
        if (io == null || io.isNull()) {
            av_free(buffer);
            throw new IllegalStateException("avio_alloc_context failed");
        }
        format.pb(io);
        AVDictionary muxerOptions = dictionary(profile.muxerOptions());
        try {
            check(avformat_write_header(format, muxerOptions), "write " + profile.muxer() + " header");
        } finally {
            av_dict_free(muxerOptions);
        }

        int frameSize = codec.frame_size() > 0 ? codec.frame_size() : 4096;
        frameSamples = new float[frameSize];
        frame = av_frame_alloc();
        frame.nb_samples(frameSize);
        frame.format(profile.sampleFormat());
        frame.sample_rate(sampleRate);
        av_channel_layout_copy(frame.ch_layout(), codec.ch_layout());
        check(av_frame_get_buffer(frame, 0), "frame buffer");
        packet = av_packet_alloc();
    }

    private static AVDictionary dictionary(Map<String, String> options) {
        AVDictionary dict = new AVDictionary(null);
        options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
        return dict;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void write(float[] samples) throws IOException {
        ensureWritable();
        int i = 0;
        while (i < samples.length) {
            int n = Math.min(samples.length - i, frameSamples.length - frameFill);
            System.arraycopy(samples, i, frameSamples, frameFill, n);
            frameFill += n;
            i += n;
            if (frameFill == frameSamples.length) encodeFrame();
        }
        // Muxers that buffer (Ogg pages) write out what they hold; the others ignore a null packet.
        check(av_write_frame(format, null), "flush muxer");
        avio_flush(io);
        drain();
    }

    @Override
    public void finish() throws IOException {
        ensureWritable();
        if (frameFill > 0) encodeFrame();
        finished = true;
        check(avcodec_send_frame(codec, null), "flush encoder");
        receivePackets();
        check(av_write_trailer(format), "write trailer");
        avio_flush(io);
        drain();
    }

    private void ensureWritable() {
        if (closed) throw new IllegalStateException("encoder closed");
        if (finished) throw new IllegalStateException("encoder finished");
    }

    private void encodeFrame() {
        check(av_frame_make_writable(frame), "frame writable");
        frame.nb_samples(frameFill);
        int fmt = profile.sampleFormat();
        if (fmt == AV_SAMPLE_FMT_FLTP || fmt == AV_SAMPLE_FMT_FLT) {
            float[] clipped = new float[frameFill];
            for (int i = 0; i < frameFill; i++) {
                float v = frameSamples[i];
                clipped[i] = v > 1f ? 1f : (v < -1f ? -1f : v);
            }
            new FloatPointer(frame.data(0)).put(clipped, 0, frameFill);
        } else if (fmt == AV_SAMPLE_FMT_S16) {
            short[] pcm = new short[frameFill];
            for (int i = 0; i < frameFill; i++) pcm[i] = Pcm16.toShort(frameSamples[i]);
            new ShortPointer(frame.data(0)).put(pcm, 0, frameFill);
        } else {
            throw new IllegalStateException("unsupported sample format " + fmt);
        }
        frame.pts(pts);
        pts += frameFill;
        frameFill = 0;
        check(avcodec_send_frame(codec, frame), "encode");
        receivePackets();
    }

    private void receivePackets() {
        while (true) {
            int r = avcodec_receive_packet(codec, packet);
            if (r == EAGAIN || r == AVERROR_EOF) return;
            check(r, "receive packet");
            packet.stream_index(stream.index());
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            int w = av_write_frame(format, packet);
            av_packet_unref(packet);
            check(w, "write packet");
        }
    }

    private void drain() throws IOException {
        if (pending.size() == 0) return;
        pending.writeTo(out);
        pending.reset();
    }

    private int accept(BytePointer data, int size) {
        byte[] bytes = new byte[size];
        data.position(0).capacity(size).get(bytes);
        pending.write(bytes, 0, size);
        return size;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (packet != null) av_packet_free(packet);
            if (frame != null) av_frame_free(frame);
            if (codec != null) avcodec_free_context(codec);
            if (io != null) {
                av_free(io.buffer());
                avio_context_free(io);
            }
            if (format != null && !format.isNull()) {
                format.pb(null);
                avformat_free_context(format);
            }
        } finally {
            BY_ID.remove(id);
            OPEN.decrementAndGet();
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            byte[] message = new byte[256];
            av_strerror(result, message, message.length);
            int len = 0;
            while (len < message.length && message[len] != 0) len++;
            throw new IllegalStateException("FFmpeg " + what + " failed: " + new String(message, 0, len));
        }
    }

    /** The AVIO opaque pointer: not memory, just the id of the encoder that owns the context. */
    private static final class Opaque extends Pointer {
        Opaque(long id) {
            this.address = id;
        }
    }

    /** The one native write callback all encoders share. */
    private static final class WriteCallback extends Write_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer data, int size) {
            FfmpegEncoder encoder = opaque == null ? null : BY_ID.get(opaque.address());
            return encoder == null ? -1 : encoder.accept(data, size);
        }
    }
}
