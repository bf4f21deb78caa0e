package dev.hlas.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** X-SAMPA read into IPA: English and Czech words, longest symbols first, diacritics and the tie bar. */
class XSampaTest {
    @Test
    void english_and_czech_words() {
        String[][] table = {
            {"k\"u:b@`nEti:z", "kˈuːbɚnɛtiːz"},
            {"t@m\"A:toU", "təmˈɑːtoʊ"},
            {"\"T{Nk ju:", "ˈθæŋk juː"},
            {"\"DIs Iz %pleZ@`", "ˈðɪs ɪz ˌpleʒɚ"},
            {"\"br=no:", "ˈbr̩noː"},
            {"\"tSEsko:", "ˈtʃɛskoː"},
            {"\"pr_ri:bram", "ˈpr\u031Diːbram"}, // Příbram: ř is a raised r
            {"a#b", "a#b"}, // not X-SAMPA: kept as written
            {"\"r_0_ijka", "ˈr̥\u0361ijka"},
            {"\"tr\\`i", "ˈtɻi"},
            {"t_S", "t͡ʃ"},
            {"n`a:s_ha", "ɳaːsʰa"},
            {"\"jEstE", "ˈjɛstɛ"},
        };
        for (String[] row : table) assertThat(XSampa.toIpa(row[0])).as(row[0]).isEqualTo(row[1]);
    }

    @Test
    void names_of_the_alphabet() {
        assertThat(XSampa.named("x-sampa")).isTrue();
        assertThat(XSampa.named("X-SAMPA")).isTrue();
        assertThat(XSampa.named("xsampa")).isTrue();
        assertThat(XSampa.named("ipa")).isFalse();
        assertThat(XSampa.named(null)).isFalse();
    }
}
