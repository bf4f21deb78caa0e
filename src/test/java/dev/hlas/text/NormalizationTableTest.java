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

    @Test
    void each_language_has_at_least_150_distinct_cases() {
        assertThat(table("normalize-en.tsv").stream().map(r -> r[0]).distinct().count()).isGreaterThanOrEqualTo(150);
        assertThat(table("normalize-cs.tsv").stream().map(r -> r[0]).distinct().count()).isGreaterThanOrEqualTo(150);
    }
}
