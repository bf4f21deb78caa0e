package dev.hlas.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * MP3 with the system's libmp3lame through the FFM API: mono, CBR at {@link Encoders#MP3_KBPS} kbps, LAME quality
 * {@link Encoders#MP3_QUALITY}, no ID3 tags and no Xing/LAME info frame (the stream is written front to back, so
 * there is nothing to patch at the end: the same bytes as FFmpeg's streaming mp3 muxer makes). Each {@link #write}
 * hands LAME the samples and writes out the frames it completed; {@link #finish} flushes the last frames.
 */
final class LameEncoder implements AudioEncoder {
    private static final int MONO = 3;
    private static final int VBR_OFF = 0;

    /** libmp3lame's functions, bound once; empty when the library is not installed. */
    static final Optional<Api> API = SystemCodec.load(SystemCodec.candidates("libmp3lame.so.0", "libmp3lame.dylib"))
            .map(Api::new);

    record Api(String library, MethodHandle init, MethodHandle setInRate, MethodHandle setOutRate,
               MethodHandle setChannels, MethodHandle setMode, MethodHandle setBitRate, MethodHandle setQuality,
               MethodHandle setVbr, MethodHandle setVbrTag, MethodHandle setId3Automatic, MethodHandle initParams,
               MethodHandle encodeFloat, MethodHandle flush, MethodHandle close) {
        Api(SystemCodec lib) {
            this(lib.name(), lib.function("lame_init", FunctionDescriptor.of(ADDRESS)),
                    setter(lib, "lame_set_in_samplerate"), setter(lib, "lame_set_out_samplerate"),
                    setter(lib, "lame_set_num_channels"), setter(lib, "lame_set_mode"),
                    setter(lib, "lame_set_brate"), setter(lib, "lame_set_quality"), setter(lib, "lame_set_VBR"),
                    setter(lib, "lame_set_bWriteVbrTag"), setter(lib, "lame_set_write_id3tag_automatic"),
                    lib.function("lame_init_params", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    lib.function("lame_encode_buffer_ieee_float", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT)),
                    lib.function("lame_encode_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
                    lib.function("lame_close", FunctionDescriptor.of(JAVA_INT, ADDRESS)));
        }

        private static MethodHandle setter(SystemCodec lib, String name) {
            return lib.function(name, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        }
    }

    private final Api api;
    private final OutputStream out;
    private final int sampleRate;
    private final Arena arena = Arena.ofShared(); // a response may be written and closed from different threads
    private MemorySegment lame;
    private MemorySegment pcm = MemorySegment.NULL;
    private MemorySegment mp3 = MemorySegment.NULL;
    private byte[] bytes = new byte[0];
    private boolean finished;
    private boolean closed;

    LameEncoder(int sampleRate, OutputStream out) {
        this.api = API.orElseThrow(() -> new IllegalStateException("libmp3lame is not installed"));
        this.sampleRate = sampleRate;
        this.out = out;
        SystemCodec.OPEN.incrementAndGet();
        try {
            lame = (MemorySegment) api.init().invokeExact();
            if (lame.equals(MemorySegment.NULL)) throw new IllegalStateException("lame_init failed");
            set(api.setInRate(), sampleRate);
            set(api.setOutRate(), sampleRate); // never resample: the rate was chosen among MPEG's
            set(api.setChannels(), 1);
            set(api.setMode(), MONO);
            set(api.setVbr(), VBR_OFF);
            set(api.setBitRate(), Encoders.MP3_KBPS);
            set(api.setQuality(), Encoders.MP3_QUALITY);
            set(api.setVbrTag(), 0);
            set(api.setId3Automatic(), 0);
            int r = (int) api.initParams().invokeExact(lame);
            if (r < 0) throw new IllegalStateException("lame_init_params failed (" + r + ") at " + sampleRate + " Hz");
        } catch (Throwable t) {
            close();
            throw t instanceof RuntimeException re ? re : new IllegalStateException("libmp3lame failed", t);
        }
    }

    private void set(MethodHandle setter, int value) throws Throwable {
        int r = (int) setter.invokeExact(lame, value);
        if (r < 0) throw new IllegalStateException("libmp3lame refused a setting (" + r + ")");
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void write(float[] samples) throws IOException {
        ensureWritable();
        if (samples.length == 0) return;
        if (pcm.byteSize() < samples.length * 4L) pcm = arena.allocate(JAVA_FLOAT, samples.length);
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i];
            pcm.setAtIndex(JAVA_FLOAT, i, v > 1f ? 1f : (v < -1f ? -1f : v));
        }
        int capacity = samples.length + samples.length / 4 + 7200; // LAME's worst case
        ensureOutput(capacity);
        int n;
        try {
            n = (int) api.encodeFloat().invokeExact(lame, pcm, pcm, samples.length, mp3, capacity);
        } catch (Throwable t) {
            throw new IllegalStateException("lame_encode_buffer_ieee_float failed", t);
        }
        if (n < 0) throw new IOException("libmp3lame could not encode (" + n + ")");
        emit(n);
    }

    @Override
    public void finish() throws IOException {
        ensureWritable();
        finished = true;
        ensureOutput(7200);
        int n;
        try {
            n = (int) api.flush().invokeExact(lame, mp3, 7200);
        } catch (Throwable t) {
            throw new IllegalStateException("lame_encode_flush failed", t);
        }
        if (n < 0) throw new IOException("libmp3lame could not flush (" + n + ")");
        emit(n);
    }

    private void ensureOutput(int capacity) {
        if (mp3.byteSize() < capacity) mp3 = arena.allocate(capacity);
    }

    /** Copies LAME's output out of native memory, then writes it (a slow client never blocks inside LAME). */
    private void emit(int n) throws IOException {
        if (n == 0) return;
        if (bytes.length < n) bytes = new byte[n];
        MemorySegment.copy(mp3, JAVA_BYTE, 0, bytes, 0, n);
        out.write(bytes, 0, n);
    }

    private void ensureWritable() {
        if (closed) throw new IllegalStateException("encoder closed");
        if (finished) throw new IllegalStateException("encoder finished");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (lame != null && !lame.equals(MemorySegment.NULL)) {
                int ignored = (int) api.close().invokeExact(lame);
            }
        } catch (Throwable ignored) {
            // nothing more to free
        } finally {
            arena.close();
            SystemCodec.OPEN.decrementAndGet();
        }
    }
}
