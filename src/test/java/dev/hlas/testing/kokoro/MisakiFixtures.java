package dev.hlas.testing.kokoro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small set of misaki dictionaries in misaki's own JSON format (word → phonemes, or tag → phonemes with a
 * DEFAULT), with the values of the real files at the pinned commit for the words they hold. Gold and silver overlap
 * on {@code hello} (different phonemes) so a test can see gold win.
 */
public final class MisakiFixtures {
    public static final String US_GOLD = """
            {"is": "ɪz", "a": "A", "engine": "ˈɛnʤən", "designed": "dəzˈInd", "for": "fɔɹ", "model": "mˈɑdᵊl",
             "by": {"DEFAULT": "bI", "None": "bˈI"}, "are": "ɑɹ", "hello": "həlˈO", "world": "wˈɜɹld",
             "read": {"ADJ": "ɹˈɛd", "DEFAULT": "ɹˈid", "VBD": "ɹˈɛd", "VBN": "ɹˈɛd", "VBP": "ɹˈɛd"},
             "have": {"DEFAULT": "hæv", "None": "hˈæv"}, "the": "ði", "book": "bˈʊk",
             "record": {"DEFAULT": "ɹˈɛkəɹd", "VERB": "ɹəkˈɔɹd"}, "to": "tu",
             "used": {"DEFAULT": "jˈuzd", "VBD": "jˈust"}, "live": {"DEFAULT": "lˈIv", "VERB": "lˈɪv"}, "in": "ɪn",
             "house": {"DEFAULT": "hˈWs", "VERB": "hˈWz"}, "box": "bˈɑks", "yes": "jˈɛs", "want": "wˈɑnt",
             "get": {"DEFAULT": "ɡɛt", "None": "ɡˈɛt"}, "stop": "stˈɑp", "John": "ʤˈɑn", "student": "stˈudᵊnt",
             "well": "wˈɛl", "known": "nˈOn", "G": "ʤˈi", "P": "pˈi", "S": "ˈɛs", "A": "ˈA", "I": "ˈI",
             "it": "ɪt", "and": "ænd", "apple": "ˈæpᵊl", "eat": "ˈit", "'ll": "əl", "they": "ðA", "am": "æm",
             "ninety": "nˈIndi", "nine": "nˈIn"}
            """;
    public static final String US_SILVER = """
            {"hello": "hɛlˈO", "handled": "hˈændəld", "word": "wˈɜɹd"}
            """;
    public static final String GB_GOLD = """
            {"is": "ɪz", "a": "A", "hello": "həlˈQ", "the": "ðə", "box": "bˈɒks", "want": "wˈɒnt", "to": "tuː",
             "read": {"ADJ": "ɹˈɛd", "DEFAULT": "ɹˈiːd", "VBD": "ɹˈɛd", "VBN": "ɹˈɛd", "VBP": "ɹˈɛd"},
             "have": {"DEFAULT": "hav", "None": "hˈav"}, "book": "bˈʊk", "I": "ˈI", "world": "wˈɜːld",
             "get": {"DEFAULT": "ɡɛt", "None": "ɡˈɛt"}}
            """;
    public static final String GB_SILVER = """
            {"word": "wˈɜːd"}
            """;

    private MisakiFixtures() {
    }

    /** Writes the four files into {@code dir} (created) and returns it. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("us_gold.json"), US_GOLD);
        Files.writeString(dir.resolve("us_silver.json"), US_SILVER);
        Files.writeString(dir.resolve("gb_gold.json"), GB_GOLD);
        Files.writeString(dir.resolve("gb_silver.json"), GB_SILVER);
        return dir;
    }
}
