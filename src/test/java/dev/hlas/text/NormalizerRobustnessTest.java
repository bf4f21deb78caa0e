package dev.hlas.text;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random runs of digits, separators, symbols and letters must never make a normalizer throw or lose all text. */
class NormalizerRobustnessTest {
    private static final String ALPHABET = "0123456789  ,.,.:-–/+$€£%°Kč kg km/h IVX a.m. př. n. l. @www.cz #&*_`é";

    @Test
    void random_number_soup_never_throws_in_either_language() {
        Random random = new Random(20261121);
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + random.nextInt(40);
            for (int k = 0; k < len; k++) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            String s = b.toString();
            assertThat(CzechNormalizer.INSTANCE.normalize(s).text()).as(s).isNotNull();
            assertThat(EnglishNormalizer.INSTANCE.normalize(s).text()).as(s).isNotNull();
        }
    }

    @Test
    void huge_numbers_are_read_digit_by_digit() {
        assertThat(EnglishNormalizer.INSTANCE.normalize("ID 12345678901234567890").text())
                .isEqualTo("ID one two three four five six seven eight nine zero one two three four five six seven "
                        + "eight nine zero");
        assertThat(CzechNormalizer.INSTANCE.normalize("12345678901234567890").text()).startsWith("Jedna dva tři");
    }
}
