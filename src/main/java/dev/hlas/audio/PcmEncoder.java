package dev.hlas.audio;

import java.io.IOException;
import java.io.OutputStream;

/** Raw signed 16-bit little-endian mono, no header: what OpenAI's {@code pcm} format is. */
final class PcmEncoder implements AudioEncoder {
    private final OutputStream out;
    private final int sampleRate;

    PcmEncoder(OutputStream out, int sampleRate) {
        this.out = out;
        this.sampleRate = sampleRate;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void write(float[] samples) throws IOException {
        out.write(Pcm16.toLittleEndian(samples));
    }

    @Override
    public void finish() {
    }

    @Override
    public void close() {
    }
}
