package dev.hlas.stt.whisper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hyper-parameters at the start of a whisper.cpp ggml model file, read in Java so that a file that is not a
 * Whisper model is refused before native code (which may abort the process on bad input) reads it.
 *
 * @param vocab      vocabulary size (51864 English-only, 51865 multilingual, 51866 large-v3)
 * @param audioState encoder width
 * @param audioLayers encoder layers
 * @param textState  decoder width
 * @param textLayers decoder layers
 * @param mels       mel bands (80, or 128 for large-v3)
 */
record GgmlHeader(int vocab, int audioState, int audioLayers, int textState, int textLayers, int mels) {
    static final int MAGIC = 0x67676d6c;

    boolean multilingual() {
        return vocab >= 51865;
    }

    /** Reads and checks the header; the message of the exception says what is wrong. */
    static GgmlHeader read(Path file) throws IOException {
        byte[] bytes = new byte[48];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) throw new IOException("file too short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) throw new IOException("not a ggml model (bad magic)");
        int vocab = b.getInt();
        int audioCtx = b.getInt();
        int audioState = b.getInt();
        int audioHeads = b.getInt();
        int audioLayers = b.getInt();
        int textCtx = b.getInt();
        int textState = b.getInt();
        int textHeads = b.getInt();
        int textLayers = b.getInt();
        int mels = b.getInt();
        int ftype = b.getInt() % 1000;
        boolean sane = vocab >= 51864 && vocab <= 52000 && audioCtx > 0 && audioCtx <= 1500 && textCtx > 0
                && textCtx <= 448 && audioState == textState && audioState > 0 && audioState <= 4096
                && audioHeads > 0 && audioState % audioHeads == 0 && textHeads > 0 && textState % textHeads == 0
                && audioLayers > 0 && audioLayers <= 64 && textLayers > 0 && textLayers <= 64
                && (mels == 80 || mels == 128) && ftype >= 0 && ftype <= 20;
        if (!sane) throw new IOException("hyper-parameters are not those of a Whisper model");
        return new GgmlHeader(vocab, audioState, audioLayers, textState, textLayers, mels);
    }
}
