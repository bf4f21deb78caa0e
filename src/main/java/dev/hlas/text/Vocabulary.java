package dev.hlas.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-language lists of frequent words ({@code words/cs.txt}, {@code sk.txt}, {@code en.txt}, {@code de.txt} beside
 * this class): function words and the short replies assistants and people say. On a short sentence a word that one
 * candidate language's list has and another's lacks is a vote for the first against the second; a word in both
 * lists says nothing between them. Loaded once; immutable and thread-safe.
 */
final class Vocabulary {
    /** Languages with a list, in {@link LanguageDetector#SUPPORTED} order. */
    static final List<String> LANGUAGES = LanguageDetector.SUPPORTED;
    static final Vocabulary BUILT_IN = load();

    /** Per word, a bit per language of {@link #LANGUAGES} whose list has it. */
    private final Map<String, Integer> membership;

    private Vocabulary(Map<String, Integer> membership) {
        this.membership = Map.copyOf(membership);
    }

    private static Vocabulary load() {
        Map<String, Integer> membership = new HashMap<>();
        for (int l = 0; l < LANGUAGES.size(); l++) {
            for (String word : words(LANGUAGES.get(l))) membership.merge(word, 1 << l, (a, b) -> a | b);
        }
        return new Vocabulary(membership);
    }

    /** The words of one language's list (lower case), for tests and the list checker. */
    static Set<String> words(String language) {
        String name = "words/" + language + ".txt";
        try (InputStream in = Vocabulary.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing word list " + name);
            Set<String> words = new LinkedHashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                for (String w : line.strip().split("\\s+")) words.add(w.toLowerCase(Locale.ROOT));
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + name, e);
        }
    }

    /** Bit mask of the languages whose list has {@code lowerCaseWord} (bit {@code i} = {@code LANGUAGES.get(i)}). */
    int languagesOf(String lowerCaseWord) {
        return membership.getOrDefault(lowerCaseWord, 0);
    }
}
