package dev.hlas.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Ogg Opus with the system's libopus and libogg through the FFM API (see docs/serving.md, "Audio formats"): mono at
 * 48 kHz, 20 ms frames, {@link Encoders#OPUS_BITRATE} bit/s constrained VBR at complexity
 * {@link Encoders#OPUS_COMPLEXITY}, application "audio".
 *
 * <p>The stream, as RFC 7845 lays it out: a page with the {@code OpusHead} packet (version 1, one channel, the
 * encoder's lookahead as pre-skip, 48 kHz input, no gain, mapping family 0), a page with {@code OpusTags} (vendor
 * string, no comments), then audio pages. A packet's granule position counts the samples a decoder produces up to
 * its end, pre-skip included; at the end, silent frames are added until the packets cover pre-skip plus the input,
 * and the last packet, marked end-of-stream, carries pre-skip plus the real sample count, so decoders trim both. Pages are flushed after every {@link #write}, so each piece of audio
 * reaches the client as soon as it is encoded; samples short of a whole frame wait for the next write or the end.
 */
final class OggOpusEncoder implements AudioEncoder {
    private static final int RATE = Encoders.OPUS_RATE;
    private static final int FRAME = RATE / 50; // 20 ms
    private static final int APPLICATION_AUDIO = 2049;
    private static final int SET_BITRATE = 4002;
    private static final int SET_VBR = 4006;
    private static final int SET_COMPLEXITY = 4010;
    private static final int SET_VBR_CONSTRAINT = 4020;
    private static final int GET_LOOKAHEAD = 4027;
    private static final int MAX_PACKET = 4000;
    /** sizeof(ogg_stream_state) is 408 on LP64; more is harmless. */
    private static final long STREAM_STATE_BYTES = 1024;
    private static final long PACKET_BYTES = 48;
    private static final long PAGE_BYTES = 32;

    /** libopus and libogg, bound once; empty when either is not installed. */
    static final Optional<Api> API = SystemCodec.load(SystemCodec.candidates("libopus.so.0", "libopus.dylib"))
            .flatMap(opus -> SystemCodec.load(SystemCodec.candidates("libogg.so.0", "libogg.dylib"))
                    .map(ogg -> new Api(opus, ogg)));

    record Api(String library, String vendor, MethodHandle create, MethodHandle ctlInt, MethodHandle ctlPointer,
               MethodHandle encodeFloat, MethodHandle destroy, MethodHandle streamInit, MethodHandle packetIn,
               MethodHandle flush, MethodHandle streamClear) {
        Api(SystemCodec opus, SystemCodec ogg) {
            this(opus.name() + " + " + ogg.name(), version(opus),
                    opus.function("opus_encoder_create", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                            ADDRESS)),
                    opus.function("opus_encoder_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                            Linker.Option.firstVariadicArg(2)),
                    opus.function("opus_encoder_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                            Linker.Option.firstVariadicArg(2)),
                    opus.function("opus_encode_float", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                            ADDRESS, JAVA_INT)),
                    opus.function("opus_encoder_destroy", FunctionDescriptor.ofVoid(ADDRESS)),
                    ogg.function("ogg_stream_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                    ogg.function("ogg_stream_packetin", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                    ogg.function("ogg_stream_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                    ogg.function("ogg_stream_clear", FunctionDescriptor.of(JAVA_INT, ADDRESS)));
        }

        private static String version(SystemCodec opus) {
            try {
                MethodHandle get = opus.function("opus_get_version_string", FunctionDescriptor.of(ADDRESS));
                MemorySegment s = (MemorySegment) get.invokeExact();
                return s.reinterpret(256).getString(0);
            } catch (Throwable t) {
                return "libopus";
            }
        }
    }

    private final Api api;
    private final OutputStream out;
    private final Arena arena = Arena.ofShared(); // a response may be written and closed from different threads
    private final MemorySegment stream;
    private final MemorySegment packet;
    private final MemorySegment page;
    private final MemorySegment pcm;
    private final MemorySegment encoded;
    private final float[] frame = new float[FRAME];
    private MemorySegment opus = MemorySegment.NULL;
    private boolean streamReady;
    private int preSkip;
    private int frameFill;
    private long samplesIn;
    private long packetNo;
    private long audioPackets;
    private byte[] bytes = new byte[8192];
    private boolean finished;
    private boolean closed;

    OggOpusEncoder(OutputStream out) {
        this(out, Encoders.OPUS_COMPLEXITY);
    }

    /** @param complexity libopus complexity 0–10 (responses use {@link Encoders#OPUS_COMPLEXITY}) */
    OggOpusEncoder(OutputStream out, int complexity) {
        this.api = API.orElseThrow(() -> new IllegalStateException("libopus or libogg is not installed"));
        this.out = out;
        SystemCodec.OPEN.incrementAndGet();
        try {
            stream = arena.allocate(STREAM_STATE_BYTES, 8);
            packet = arena.allocate(PACKET_BYTES, 8);
            page = arena.allocate(PAGE_BYTES, 8);
            pcm = arena.allocate(JAVA_FLOAT, FRAME);
            encoded = arena.allocate(MAX_PACKET);
            MemorySegment error = arena.allocate(JAVA_INT);
            opus = (MemorySegment) api.create().invokeExact(RATE, 1, APPLICATION_AUDIO, error);
            if (opus.equals(MemorySegment.NULL) || error.get(JAVA_INT, 0) != 0) {
                throw new IllegalStateException("opus_encoder_create failed (" + error.get(JAVA_INT, 0) + ")");
            }
            ctl(SET_BITRATE, Encoders.OPUS_BITRATE);
            ctl(SET_VBR, 1);
            ctl(SET_VBR_CONSTRAINT, 1);
            ctl(SET_COMPLEXITY, complexity);
            MemorySegment lookahead = arena.allocate(JAVA_INT);
            int r = (int) api.ctlPointer().invokeExact(opus, GET_LOOKAHEAD, lookahead);
            if (r != 0) throw new IllegalStateException("opus_encoder_ctl(GET_LOOKAHEAD) failed (" + r + ")");
            preSkip = lookahead.get(JAVA_INT, 0);
            int serial = ThreadLocalRandom.current().nextInt();
            if ((int) api.streamInit().invokeExact(stream, serial) != 0) {
                throw new IllegalStateException("ogg_stream_init failed");
            }
            streamReady = true;
        } catch (Throwable t) {
            close();
            throw t instanceof RuntimeException re ? re : new IllegalStateException("libopus failed", t);
        }
    }

    private void ctl(int request, int value) throws Throwable {
        int r = (int) api.ctlInt().invokeExact(opus, request, value);
        if (r != 0) throw new IllegalStateException("opus_encoder_ctl(" + request + ") failed (" + r + ")");
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public void write(float[] samples) throws IOException {
        ensureWritable();
        if (packetNo == 0) writeHeaders();
        int i = 0;
        while (i < samples.length) {
            int n = Math.min(samples.length - i, FRAME - frameFill);
            System.arraycopy(samples, i, frame, frameFill, n);
            frameFill += n;
            i += n;
            samplesIn += n;
            if (frameFill == FRAME) encodeFrame(false);
        }
        flushPages();
    }

    @Override
    public void finish() throws IOException {
        ensureWritable();
        if (packetNo == 0) writeHeaders();
        finished = true;
        // Decoders drop the first pre-skip samples, so the packets must cover pre-skip + input: the last partial
        // frame padded with silence, then silent frames until they do. The last packet's granule is the real end,
        // so decoders trim the padding.
        boolean last;
        do {
            Arrays.fill(frame, frameFill, FRAME, 0f);
            last = (audioPackets + 1) * FRAME >= preSkip + samplesIn;
            encodeFrame(last);
        } while (!last);
        flushPages();
    }

    private void writeHeaders() throws IOException {
        byte[] head = new byte[19];
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        h.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) preSkip)
                .putInt(RATE).putShort((short) 0).put((byte) 0);
        packetIn(head, head.length, true, false, 0);
        flushPages(); // OpusHead alone on the first page
        byte[] vendor = api.vendor().getBytes(StandardCharsets.UTF_8);
        byte[] tags = new byte[8 + 4 + vendor.length + 4];
        ByteBuffer t = ByteBuffer.wrap(tags).order(ByteOrder.LITTLE_ENDIAN);
        t.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
        packetIn(tags, tags.length, false, false, 0);
        flushPages(); // the comment header ends its page too
    }

    /** Encodes {@link #frame}; a packet's granule position is the count of samples decoded up to its end. */
    private void encodeFrame(boolean last) throws IOException {
        for (int i = 0; i < FRAME; i++) {
            float v = frame[i];
            pcm.setAtIndex(JAVA_FLOAT, i, v > 1f ? 1f : (v < -1f ? -1f : v));
        }
        frameFill = 0;
        int n;
        try {
            n = (int) api.encodeFloat().invokeExact(opus, pcm, FRAME, encoded, MAX_PACKET);
        } catch (Throwable t) {
            throw new IllegalStateException("opus_encode_float failed", t);
        }
        if (n < 0) throw new IOException("libopus could not encode (" + n + ")");
        audioPackets++;
        packetIn(encoded, n, false, last, last ? preSkip + samplesIn : audioPackets * FRAME);
    }

    private void packetIn(byte[] data, int length, boolean bos, boolean eos, long granulePosition) {
        MemorySegment copy = arena.allocate(length);
        MemorySegment.copy(data, 0, copy, JAVA_BYTE, 0, length);
        packetIn(copy, length, bos, eos, granulePosition);
    }

    /** {@code ogg_packet}: packet pointer, bytes, b_o_s, e_o_s, granulepos, packetno (LP64: 6 × 8 bytes). */
    private void packetIn(MemorySegment data, int length, boolean bos, boolean eos, long granulePosition) {
        packet.set(ADDRESS, 0, data);
        packet.set(JAVA_LONG, 8, length);
        packet.set(JAVA_LONG, 16, bos ? 1 : 0);
        packet.set(JAVA_LONG, 24, eos ? 1 : 0);
        packet.set(JAVA_LONG, 32, granulePosition);
        packet.set(JAVA_LONG, 40, packetNo++);
        int r;
        try {
            r = (int) api.packetIn().invokeExact(stream, packet);
        } catch (Throwable t) {
            throw new IllegalStateException("ogg_stream_packetin failed", t);
        }
        if (r != 0) throw new IllegalStateException("ogg_stream_packetin failed (" + r + ")");
    }

    /** Writes every packet given to libogg so far as pages ({@code ogg_page}: header, header_len, body, body_len). */
    private void flushPages() throws IOException {
        while (true) {
            int r;
            try {
                r = (int) api.flush().invokeExact(stream, page);
            } catch (Throwable t) {
                throw new IllegalStateException("ogg_stream_flush failed", t);
            }
            if (r == 0) return;
            emit(page.get(ADDRESS, 0), page.get(JAVA_LONG, 8));
            emit(page.get(ADDRESS, 16), page.get(JAVA_LONG, 24));
        }
    }

    /** Copies libogg's bytes out of native memory, then writes them (a slow client never blocks inside libogg). */
    private void emit(MemorySegment data, long length) throws IOException {
        int n = (int) length;
        if (n == 0) return;
        if (bytes.length < n) bytes = new byte[Math.max(n, bytes.length * 2)];
        MemorySegment.copy(data.reinterpret(n), JAVA_BYTE, 0, bytes, 0, n);
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
            if (streamReady) {
                int ignored = (int) api.streamClear().invokeExact(stream);
            }
            if (!opus.equals(MemorySegment.NULL)) api.destroy().invokeExact(opus);
        } catch (Throwable ignored) {
            // nothing more to free
        } finally {
            arena.close();
            SystemCodec.OPEN.decrementAndGet();
        }
    }
}
