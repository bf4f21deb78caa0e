package dev.hlas.testing.whisper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a whisper.cpp model file in the legacy ggml layout with tiny dimensions and small random weights, so the
 * real loader, encoder and decoder of whisper.cpp run end to end in tests without a download.
 *
 * <p>Layout (little endian): the magic {@code "ggml"} as a uint32, eleven int32 hyper-parameters, the mel filter bank
 * ({@code n_mel}, {@code n_fft}, then {@code n_mel * n_fft} floats), the vocabulary ({@code n} then each token as a
 * uint32 length and its bytes), then each tensor as {@code n_dims, name length, type} (int32), its dimensions
 * (innermost first), its name and its raw data. The file is {@code ftype 1}: weight matrices, the token embedding and
 * the convolution kernels are f16 (whisper.cpp's convolution accepts only f16 kernels), the rest f32.
 *
 * <p>The vocabulary has the multilingual size (51865: 50257 text tokens written here, the special tokens added by the
 * loader), because whisper.cpp derives its special token ids from that size. Text tokens are short ASCII words, so
 * whatever the random weights decode is valid text. The audio context keeps Whisper's 1500 positions (30 s windows);
 * only the widths and the layer counts are tiny.
 */
public record TinyWhisperModel(int state, int heads, int audioLayers, int textLayers, long seed) {
    public static final int N_VOCAB = 51865;
    public static final int TEXT_TOKENS = 50257;
    public static final int AUDIO_CTX = 1500;
    public static final int TEXT_CTX = 448;
    public static final int N_MELS = 80;
    public static final int N_FFT = 201;
    private static final int SPACE = 220;
    private static final int F32 = 0;
    private static final int F16 = 1;

    /**
     * The shape the tests use: width 16, one head, one layer each side (about 2.3 MB; whisper.cpp also accepts width
     * 8, but 16 keeps a head of a usual size for its kernels). It decodes 2 s of audio in about 0.2 s on one thread.
     */
    public static TinyWhisperModel tiny() {
        return new TinyWhisperModel(16, 1, 1, 1, 16);
    }

    public Path writeTo(Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public void write(OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ints(out, 0x67676d6c, N_VOCAB, AUDIO_CTX, state, heads, audioLayers, TEXT_CTX, state, heads, textLayers,
                N_MELS, 1);
        ints(out, N_MELS, N_FFT);
        float[] filters = new float[N_MELS * N_FFT];
        for (int m = 0; m < N_MELS; m++) {
            // a triangle per band over the FFT bins, roughly where a mel filter bank puts them
            int centre = 1 + m * (N_FFT - 2) / N_MELS;
            for (int k = Math.max(0, centre - 2); k <= Math.min(N_FFT - 1, centre + 2); k++) {
                filters[m * N_FFT + k] = 1f - Math.abs(k - centre) / 3f;
            }
        }
        floats(out, filters);
        ints(out, TEXT_TOKENS);
        for (int i = 0; i < TEXT_TOKENS; i++) {
            byte[] word = token(i).getBytes(StandardCharsets.US_ASCII);
            ints(out, word.length);
            out.write(word);
        }
        int s = state;
        tensor(out, "encoder.positional_embedding", F32, random, 0.1f, s, AUDIO_CTX);
        tensor(out, "encoder.conv1.weight", F16, random, 0.1f, 3, N_MELS, s);
        tensor(out, "encoder.conv1.bias", F32, random, 0.01f, 1, s);
        tensor(out, "encoder.conv2.weight", F16, random, 0.1f, 3, s, s);
        tensor(out, "encoder.conv2.bias", F32, random, 0.01f, 1, s);
        layerNorm(out, "encoder.ln_post", s);
        for (int i = 0; i < audioLayers; i++) {
            block(out, "encoder.blocks." + i, random, false);
        }
        tensor(out, "decoder.positional_embedding", F32, random, 0.1f, s, TEXT_CTX);
        tensor(out, "decoder.token_embedding.weight", F16, random, 0.5f, s, N_VOCAB);
        layerNorm(out, "decoder.ln", s);
        for (int i = 0; i < textLayers; i++) {
            block(out, "decoder.blocks." + i, random, true);
        }
    }

    /**
     * Text token {@code i}: a space and a short lower-case word, all distinct; token 220 is the lone space, as in
     * Whisper's own vocabulary (the decoder looks that token up by its text).
     */
    static String token(int i) {
        if (i == SPACE) {
            return " ";
        }
        StringBuilder word = new StringBuilder(" ");
        int n = i;
        do {
            word.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return word.toString();
    }

    private void block(OutputStream out, String prefix, SplittableRandom random, boolean cross) throws IOException {
        int s = state;
        layerNorm(out, prefix + ".mlp_ln", s);
        tensor(out, prefix + ".mlp.0.weight", F16, random, 0.1f, s, 4 * s);
        tensor(out, prefix + ".mlp.0.bias", F32, random, 0.01f, 4 * s);
        tensor(out, prefix + ".mlp.2.weight", F16, random, 0.1f, 4 * s, s);
        tensor(out, prefix + ".mlp.2.bias", F32, random, 0.01f, s);
        attention(out, prefix + ".attn", random);
        if (cross) {
            attention(out, prefix + ".cross_attn", random);
        }
    }

    private void attention(OutputStream out, String prefix, SplittableRandom random) throws IOException {
        int s = state;
        layerNorm(out, prefix + "_ln", s);
        tensor(out, prefix + ".query.weight", F16, random, 0.1f, s, s);
        tensor(out, prefix + ".query.bias", F32, random, 0.01f, s);
        tensor(out, prefix + ".key.weight", F16, random, 0.1f, s, s);
        tensor(out, prefix + ".value.weight", F16, random, 0.1f, s, s);
        tensor(out, prefix + ".value.bias", F32, random, 0.01f, s);
        tensor(out, prefix + ".out.weight", F16, random, 0.1f, s, s);
        tensor(out, prefix + ".out.bias", F32, random, 0.01f, s);
    }

    private static void layerNorm(OutputStream out, String prefix, int width) throws IOException {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        tensor(out, prefix + ".weight", F32, ones, width);
        tensor(out, prefix + ".bias", F32, new float[width], width);
    }

    private static void tensor(OutputStream out, String name, int type, SplittableRandom random, float scale,
                               int... dims) throws IOException {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        tensor(out, name, type, data, dims);
    }

    private static void tensor(OutputStream out, String name, int type, float[] data, int... dims)
            throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        ints(out, dims.length, bytes.length, type);
        ints(out, dims);
        out.write(bytes);
        if (type == F16) {
            ByteBuffer buffer = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                buffer.putShort(Float.floatToFloat16(v));
            }
            out.write(buffer.array());
        } else {
            floats(out, data);
        }
    }

    private static void ints(OutputStream out, int... values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        out.write(buffer.array());
    }

    private static void floats(OutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }
}
