package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of misaki's English dictionaries ({@code us_gold.json}, {@code gb_silver.json}, …), held compactly and
 * read-only, so it is safe to share between threads.
 *
 * <p>The files map a word to its phonemes in Kokoro's symbols, or (for part-of-speech–dependent words) to an object
 * of tag → phonemes with a {@code DEFAULT} key ({@code "read": {"DEFAULT": "ɹˈid", "VBD": "ɹˈɛd", …}}); a tag may
 * map to null. Plain entries — all but a few hundred of ~90 000 per file — are stored as one char array of keys and
 * values back to back, an offset array and an open-addressing index of ints, instead of two String objects and a
 * map node per entry; the tagged ones sit in an ordinary map.
 *
 * <p>misaki also answers a capitalized word from its lowercase entry and the other way round ({@code Hello} →
 * {@code hello}); {@link #get} does that at lookup time instead of doubling the table: an exact key always wins.
 */
public final class MisakiLexicon {
    private static final JsonFactory JSON = new JsonFactory();

    private final char[] chars;
    /** Entry {@code i}: key at {@code starts[2i]…starts[2i+1]}, value at {@code starts[2i+1]…starts[2i+2]}. */
    private final int[] starts;
    /** Open addressing: entry index + 1, 0 for empty; length a power of two. */
    private final int[] slots;
    private final int size;
    private final Map<String, Map<String, String>> tagged;

    private MisakiLexicon(char[] chars, int[] starts, int size, Map<String, Map<String, String>> tagged) {
        this.chars = chars;
        this.starts = starts;
        this.size = size;
        this.tagged = Map.copyOf(tagged);
        int capacity = Integer.highestOneBit(Math.max(4, size * 2 - 1)) << 1;
        this.slots = new int[capacity];
        for (int i = 0; i < size; i++) {
            int h = hash(chars, starts[2 * i], starts[2 * i + 1]) & (capacity - 1);
            while (slots[h] != 0) h = (h + 1) & (capacity - 1);
            slots[h] = i + 1;
        }
    }

    /**
     * Reads a dictionary file.
     *
     * @throws ModelBroken when the file is missing or not a misaki dictionary; the message names the file
     */
    public static MisakiLexicon read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelBroken("cannot read the misaki dictionary " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a dictionary from a stream (a JSON object of word → phonemes or tag → phonemes). */
    public static MisakiLexicon read(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder(1 << 20);
        List<Integer> bounds = new ArrayList<>();
        Map<String, Map<String, String>> tagged = new HashMap<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String word = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    bounds.add(text.length());
                    text.append(word);
                    bounds.add(text.length());
                    text.append(p.getText());
                } else if (v == JsonToken.START_OBJECT) {
                    Map<String, String> byTag = new HashMap<>();
                    for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                        String tag = p.currentName();
                        JsonToken tv = p.nextToken();
                        if (tv == JsonToken.VALUE_STRING) byTag.put(tag, p.getText());
                        else if (tv == JsonToken.VALUE_NULL) byTag.put(tag, null);
                        else throw new IllegalArgumentException("entry '" + word + "', tag " + tag + ": not a string");
                    }
                    if (!byTag.containsKey("DEFAULT")) {
                        throw new IllegalArgumentException("entry '" + word + "' has tags but no DEFAULT");
                    }
                    tagged.put(word, byTag);
                } else if (v != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("entry '" + word + "' is neither phonemes nor tags");
                }
            }
        }
        int n = bounds.size() / 2;
        int[] starts = new int[n * 2 + 1];
        for (int i = 0; i < bounds.size(); i++) starts[i] = bounds.get(i);
        starts[n * 2] = text.length();
        char[] chars = new char[text.length()];
        text.getChars(0, text.length(), chars, 0);
        return new MisakiLexicon(chars, starts, n, tagged);
    }

    /** An empty dictionary (the silver one of a variant that has none). */
    public static MisakiLexicon empty() {
        return new MisakiLexicon(new char[0], new int[1], 0, Map.of());
    }

    /**
     * What misaki's lookup table answers for {@code word}: its own entry, or the entry of its other case form
     * (lowercase ↔ capitalized, for words of two or more letters).
     *
     * @return phonemes (a String), tag → phonemes (a Map), or null when the word is not in the dictionary
     */
    public Object get(String word) {
        Object own = exact(word);
        if (own != null) return own;
        if (word.length() < 2) return null;
        String lower = word.toLowerCase(Locale.ROOT);
        if (word.equals(lower)) {
            String cap = capitalize(word);
            return cap.equals(word) ? null : exact(cap);
        }
        return word.equals(capitalize(lower)) ? exact(lower) : null;
    }

    /** Whether {@link #get} knows the word. */
    public boolean contains(String word) {
        return get(word) != null;
    }

    /** Entries read from the file. */
    public int size() {
        return size + tagged.size();
    }

    /** Bytes held by the plain-entry arrays (the bulk of the dictionary). */
    public long arrayBytes() {
        return 2L * chars.length + 4L * starts.length + 4L * slots.length;
    }

    /** misaki's {@code str.capitalize()}: first char upper case, the rest lower case. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    private Object exact(String word) {
        Map<String, String> tags = tagged.get(word);
        if (tags != null) return tags;
        if (size == 0) return null;
        int mask = slots.length - 1;
        for (int h = hash(word) & mask; slots[h] != 0; h = (h + 1) & mask) {
            int i = slots[h] - 1;
            int from = starts[2 * i];
            int to = starts[2 * i + 1];
            if (to - from == word.length() && regionEquals(word, from)) {
                return new String(chars, to, starts[2 * i + 2] - to);
            }
        }
        return null;
    }

    private boolean regionEquals(String word, int from) {
        for (int k = 0; k < word.length(); k++) if (chars[from + k] != word.charAt(k)) return false;
        return true;
    }

    private static int hash(char[] a, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + a[i];
        return mix(h);
    }

    private static int hash(String s) {
        return mix(s.hashCode());
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
