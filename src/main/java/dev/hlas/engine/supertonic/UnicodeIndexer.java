package dev.hlas.engine.supertonic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.error.ModelBroken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Supertonic's character → token table ({@code onnx/unicode_indexer.json}): a JSON array indexed by the UTF-16 code
 * unit, holding the token id or {@code -1} for characters the model was not trained on.
 *
 * <p>The official code feeds {@code -1} straight into the model, where ONNX {@code Gather} reads it as "the last row":
 * a random sound. Here such characters never reach the model: {@link #encode} drops them and reports how many.
 * Characters outside the Basic Multilingual Plane are unknown by construction (the table has 65,536 entries). A
 * dropped character leaves no double space behind ({@code "5 € 130"} reads as {@code "5 130"}).
 */
public final class UnicodeIndexer {
    /** The value the table uses for "not supported". */
    public static final int UNKNOWN = -1;

    private final int[] table;

    UnicodeIndexer(int[] table) {
        this.table = table.clone();
    }

    /**
     * Token ids of {@code text}, skipping unknown characters.
     *
     * @param text preprocessed text (NFKD, tags included)
     */
    public Encoded encode(String text) {
        long[] ids = new long[text.length()];
        int n = 0;
        int dropped = 0;
        boolean afterSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int id = cp < table.length ? table[cp] : UNKNOWN;
            if (id < 0) {
                dropped++;
            } else if (!(cp == ' ' && afterSpace)) {
                ids[n++] = id;
                afterSpace = cp == ' ';
            }
        }
        return new Encoded(Arrays.copyOf(ids, n), dropped);
    }

    /** Whether the model knows this character. */
    public boolean knows(int codePoint) {
        return codePoint >= 0 && codePoint < table.length && table[codePoint] >= 0;
    }

    /**
     * Token ids of one chunk of text.
     *
     * @param ids     the ids to feed as {@code text_ids}
     * @param dropped how many characters were skipped because the model does not know them
     */
    public record Encoded(long[] ids, int dropped) {
    }

    /**
     * Reads the table.
     *
     * @throws ModelBroken when the file is missing or is not an array of integers
     */
    public static UnicodeIndexer load(Path file) {
        if (!Files.isRegularFile(file)) throw new ModelBroken("Supertonic unicode indexer not found: " + file);
        try (JsonParser p = new ObjectMapper().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("expected a JSON array");
            int[] table = new int[65536];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT) throw new IOException("entry " + n + " is not an integer");
                if (n == table.length) table = Arrays.copyOf(table, n * 2);
                table[n++] = p.getIntValue();
            }
            if (n == 0) throw new IOException("the table is empty");
            return new UnicodeIndexer(Arrays.copyOf(table, n));
        } catch (IOException | RuntimeException e) {
            throw new ModelBroken("cannot read Supertonic unicode indexer " + file + ": " + e.getMessage(), e);
        }
    }
}
