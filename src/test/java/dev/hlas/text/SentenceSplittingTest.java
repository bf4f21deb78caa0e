package dev.hlas.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sentence boundaries after markup stripping: each row of {@code text/split.tsv} is an input ({@code \n} for a line
 * break) and its sentences joined by {@code " ‖ "}.
 */
class SentenceSplittingTest {
    private final SentenceSplitter splitter = new SentenceSplitter(400);

    static Stream<Arguments> cases() {
        return NormalizationTableTest.table("split.tsv").stream().map(r -> Arguments.of(r[0], r[1]));
    }

    private List<String> split(String input, SentenceSplitter s) {
        CleanText clean = MarkupStripper.strip(input);
        List<String> parts = new ArrayList<>();
        for (int[] r : s.split(clean.text())) parts.add(clean.text().substring(r[0], r[1]));
        return parts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splits_where_a_reader_would(String input, String expected) {
        assertThat(String.join(" ‖ ", split(input.replace("\\n", "\n"), splitter))).isEqualTo(expected);
    }

    @Test
    void has_at_least_50_cases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void long_sentences_are_cut_at_clause_boundaries_within_the_limit() {
        String clause = "the committee discussed the budget for the coming year in great detail";
        String input = clause + ", " + clause + "; " + clause + ", and then " + clause + ".";
        List<String> parts = split(input, new SentenceSplitter(120));
        assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(120));
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p).matches(".*[,;]"));
        assertThat(String.join(" ", parts)).isEqualTo(input);
    }

    @Test
    void a_word_longer_than_the_limit_is_still_cut() {
        String input = "x".repeat(50);
        assertThat(split(input, new SentenceSplitter(20))).containsExactly("x".repeat(20), "x".repeat(20),
                "x".repeat(10));
    }
}
