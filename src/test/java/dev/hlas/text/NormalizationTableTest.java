package dev.hlas.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table tests for the reading rules: each row of {@code text/normalize-<lang>.tsv} is a real-world sentence (news,
 * recipes, receipts, chat, addresses) and exactly what the normalizer must turn it into.
 */
class NormalizationTableTest {

    static List<String[]> table(String name) {
        try (InputStream in = NormalizationTableTest.class.getResourceAsStream("/text/" + name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", -1);
                if (cols.length != 2) throw new IllegalStateException(name + ": expected 2 columns in: " + line);
                rows.add(cols);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> english() {
        return table("normalize-en.tsv").stream().map(r -> Arguments.of(r[0], r[1]));
    }

    static Stream<Arguments> czech() {
        return table("normalize-cs.tsv").stream().map(r -> Arguments.of(r[0], r[1]));
    }

    @ParameterizedTest(name = "en: {0}")
    @MethodSource("english")
    void english_sentence_reads_as_expected(String written, String spoken) {
        assertThat(EnglishNormalizer.INSTANCE.normalize(written).text()).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "cs: {0}")
    @MethodSource("czech")
    void czech_sentence_reads_as_expected(String written, String spoken) {
        assertThat(CzechNormalizer.INSTANCE.normalize(written).text()).isEqualTo(spoken);
    }

    /** One table per class of text the second round added, each with its near-misses: {@code <class>-<lang>.tsv}. */
    static final List<String> CLASS_TABLES = List.of("phone-cs.tsv", "phone-en.tsv", "fraction-cs.tsv",
            "fraction-en.tsv", "abbrev-cs.tsv", "abbrev-en.tsv", "ordinal-cs.tsv", "animate-cs.tsv");

    static Stream<Arguments> classCases() {
        return CLASS_TABLES.stream().flatMap(t -> table(t).stream().map(r -> Arguments.of(t, r[0], r[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("classCases")
    void class_table_sentence_reads_as_expected(String table, String written, String spoken) {
        RuleNormalizer normalizer = table.endsWith("-cs.tsv") ? CzechNormalizer.INSTANCE : EnglishNormalizer.INSTANCE;
        assertThat(normalizer.normalize(written).text()).isEqualTo(spoken);
    }

    @Test
    void each_class_table_has_at_least_20_distinct_cases() {
        for (String t : CLASS_TABLES) {
            assertThat(table(t).stream().map(r -> r[0]).distinct().count()).as(t).isGreaterThanOrEqualTo(20);
        }
    }

    /**
     * Every piece of every normalized table sentence maps back to the original: pieces tile the output in order,
     * and their sources are in bounds and never go backwards.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("classCases")
    void offsets_map_every_piece_back_to_its_source(String table, String written, String spoken) {
        RuleNormalizer normalizer = table.endsWith("-cs.tsv") ? CzechNormalizer.INSTANCE : EnglishNormalizer.INSTANCE;
        SpokenText.Normalized n = normalizer.normalize(written);
        int at = 0;
        int src = 0;
        for (int[] span : n.spans()) {
            assertThat(span[0]).as("pieces tile the text").isEqualTo(at);
            assertThat(span[1]).isGreaterThan(span[0]);
            assertThat(span[2]).as("sources run forward").isGreaterThanOrEqualTo(src);
            assertThat(span[3]).isGreaterThanOrEqualTo(span[2]).isLessThanOrEqualTo(written.length());
            at = span[1];
            src = span[2];
        }
        assertThat(at).isEqualTo(n.text().length());
    }

    @Test
    void a_phone_number_maps_back_to_exactly_its_digits() {
        String written = "Zavolejte na 603 123 456 hned.";
        SpokenText.Normalized n = CzechNormalizer.INSTANCE.normalize(written);
        int[] piece = n.spans().stream().filter(s -> n.text().substring(s[0], s[1]).startsWith("šest set tři"))
                .findFirst().orElseThrow();
        assertThat(written.substring(piece[2], piece[3])).isEqualTo("603 123 456");
        assertThat(n.text().substring(piece[0], piece[1]))
                .isEqualTo("šest set tři, sto dvacet tři, čtyři sta padesát šest");
    }

    @Test
    void each_language_has_at_least_150_distinct_cases() {
        assertThat(table("normalize-en.tsv").stream().map(r -> r[0]).distinct().count()).isGreaterThanOrEqualTo(150);
        assertThat(table("normalize-cs.tsv").stream().map(r -> r[0]).distinct().count()).isGreaterThanOrEqualTo(150);
    }
}
