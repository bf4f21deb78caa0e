package dev.hlas.engine.kokoro;

import java.util.Arrays;

/**
 * Kokoro-82M v1.0's phoneme vocabulary: 114 symbols with ids 1…177 (with gaps), id 0 is the pad that also serves as
 * BOS and EOS (see docs/ENGINES.md, "Kokoro"; hexgrad/Kokoro-82M {@code config.json["vocab"]}). Each codepoint of a phoneme
 * string is one token; codepoints outside the vocabulary are dropped, as kokoro-onnx and hexgrad do.
 */
public final class KokoroVocab {
    /** The pad / BOS / EOS id. */
    public static final int PAD = 0;
    /** Number of symbols in the vocabulary. */
    public static final int SIZE = 114;

    /** Symbol and id pairs, in id order; ␠ is the space. */
    private static final Object[] TABLE = {
            ";", 1, ":", 2, ",", 3, ".", 4, "!", 5, "?", 6, "—", 9, "…", 10, "\"", 11, "(", 12, ")", 13,
            "“", 14, "”", 15, " ", 16, "\u0303", 17, "ʣ", 18, "ʥ", 19, "ʦ", 20, "ʨ", 21, "ᵝ", 22, "ꭧ", 23,
            "A", 24, "I", 25, "O", 31, "Q", 33, "S", 35, "T", 36, "W", 39, "Y", 41, "ᵊ", 42,
            "a", 43, "b", 44, "c", 45, "d", 46, "e", 47, "f", 48, "h", 50, "i", 51, "j", 52, "k", 53, "l", 54,
            "m", 55, "n", 56, "o", 57, "p", 58, "q", 59, "r", 60, "s", 61, "t", 62, "u", 63, "v", 64, "w", 65,
            "x", 66, "y", 67, "z", 68, "ɑ", 69, "ɐ", 70, "ɒ", 71, "æ", 72, "β", 75, "ɔ", 76, "ɕ", 77, "ç", 78,
            "ɖ", 80, "ð", 81, "ʤ", 82, "ə", 83, "ɚ", 85, "ɛ", 86, "ɜ", 87, "ɟ", 90, "ɡ", 92, "ɥ", 99, "ɨ", 101,
            "ɪ", 102, "ʝ", 103, "ɯ", 110, "ɰ", 111, "ŋ", 112, "ɳ", 113, "ɲ", 114, "ɴ", 115, "ø", 116, "ɸ", 118,
            "θ", 119, "œ", 120, "ɹ", 123, "ɾ", 125, "ɻ", 126, "ʁ", 128, "ɽ", 129, "ʂ", 130, "ʃ", 131, "ʈ", 132,
            "ʧ", 133, "ʊ", 135, "ʋ", 136, "ʌ", 138, "ɣ", 139, "ɤ", 140, "χ", 142, "ʎ", 143, "ʒ", 147, "ʔ", 148,
            "ˈ", 156, "ˌ", 157, "ː", 158, "ʰ", 162, "ʲ", 164, "↓", 169, "→", 171, "↗", 172, "↘", 173, "ᵻ", 177,
    };

    /** Highest codepoint in the table is U+AB67 (ꭧ): a flat array lookup is small and branch-free. */
    private static final short[] IDS = buildIds();

    private KokoroVocab() {
    }

    private static short[] buildIds() {
        int max = 0;
        for (int i = 0; i < TABLE.length; i += 2) max = Math.max(max, ((String) TABLE[i]).codePointAt(0));
        short[] ids = new short[max + 1];
        Arrays.fill(ids, (short) -1);
        for (int i = 0; i < TABLE.length; i += 2) ids[((String) TABLE[i]).codePointAt(0)] = (short) (int) TABLE[i + 1];
        return ids;
    }

    /** The id of one codepoint, or -1 when it is not in the vocabulary. */
    public static int id(int codePoint) {
        return codePoint >= 0 && codePoint < IDS.length ? IDS[codePoint] : -1;
    }

    /** Whether the codepoint is a Kokoro symbol. */
    public static boolean contains(int codePoint) {
        return id(codePoint) >= 0;
    }

    /** The ids of a phoneme string, unknown codepoints dropped, without pads. */
    public static long[] encode(CharSequence phonemes) {
        return phonemes.codePoints().map(KokoroVocab::id).filter(id -> id >= 0).asLongStream().toArray();
    }

    /** The phoneme string with codepoints outside the vocabulary removed. */
    public static String keepKnown(CharSequence phonemes) {
        StringBuilder out = new StringBuilder(phonemes.length());
        phonemes.codePoints().filter(KokoroVocab::contains).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Model input for a chunk: {@code [0, ids…, 0]}. */
    public static long[] withPads(long[] ids) {
        long[] padded = new long[ids.length + 2];
        System.arraycopy(ids, 0, padded, 1, ids.length);
        return padded;
    }

    /** Number of symbols (for tests: must be {@value #SIZE}). */
    static int tableSize() {
        return TABLE.length / 2;
    }
}
