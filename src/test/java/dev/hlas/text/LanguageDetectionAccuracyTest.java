package dev.hlas.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accuracy of the detector on {@code text/langid.tsv}: 320 single sentences in Czech, Slovak, English and German,
 * from one-word replies to news headlines. The figure is printed so regressions show in the build log.
 */
class LanguageDetectionAccuracyTest {
    private static final Set<String> ALL = Set.of("cs", "sk", "en", "de");
    private final LanguageDetector detector = new LanguageDetector();

    @Test
    void detects_at_least_97_percent_of_single_sentences() {
        List<String[]> rows = NormalizationTableTest.table("langid.tsv");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            String got = detector.detect(row[1], ALL, "none").language();
            if (!got.equals(row[0])) wrong.add(row[0] + "→" + got + ": " + row[1]);
        }
        double accuracy = 1.0 - (double) wrong.size() / rows.size();
        System.out.printf("language detection: %d/%d correct (%.1f%%); misses: %s%n", rows.size() - wrong.size(),
                rows.size(), accuracy * 100, wrong);
        assertThat(accuracy).as("misses: %s", wrong).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void chooses_only_among_the_candidate_languages() {
        assertThat(detector.detect("Dobrý deň, ako sa máte?", Set.of("cs", "en"), "en").language()).isEqualTo("cs");
        assertThat(detector.detect("Guten Morgen", Set.of("cs", "en"), "en").language()).isIn("cs", "en");
    }

    @Test
    void text_without_evidence_falls_back_with_zero_margin() {
        LanguageDetector.Result r = detector.detect("12:30 — 42!", ALL, "cs");
        assertThat(r.language()).isEqualTo("cs");
        assertThat(r.confident()).isFalse();
    }
}
