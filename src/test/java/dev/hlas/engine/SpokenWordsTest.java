package dev.hlas.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spoken words (from a model's durations) to marks on the written text, including espeak-ng's joined function words.
 * Spoken lengths here are the phoneme counts of espeak-ng's real en-us output for the sentence, 1000 samples each.
 */
class SpokenWordsTest {
    /** Consecutive spoken words lasting {@code phonemes[i]} × 1000 samples. */
    private static List<long[]> spoken(int... phonemes) {
        List<long[]> out = new ArrayList<>();
        long at = 0;
        for (int p : phonemes) {
            out.add(new long[]{at, at + p * 1000L});
            at += p * 1000L;
        }
        return out;
    }

    private static List<String> cover(String text, List<WordMark> marks) {
        return marks.stream().map(m -> text.substring(m.start(), m.end()) + (m.exact() ? "" : "~")).toList();
    }

    @Test
    void as_many_spoken_as_written_words_are_exact_marks() {
        String text = "Hello brave new world!";
        List<WordMark> marks = SpokenWords.marks(text, spoken(5, 4, 2, 5), 0, 16_000);
        assertThat(cover(text, marks)).containsExactly("Hello", "brave", "new", "world");
        assertThat(marks.get(1).startSample()).isEqualTo(5000);
        assertThat(marks.get(1).endSample()).isEqualTo(9000);
    }

    @Test
    void function_words_espeak_joins_get_one_estimated_mark_and_the_others_stay_exact() {
        // ðeɪ kˈʌm fɹʌmðə kˈæʃ ðə sˈɛkənd tˈaɪm
        String text = "They come from the cache the second time.";
        List<WordMark> marks = SpokenWords.marks(text, spoken(3, 3, 6, 3, 2, 6, 4), 0, 27_000);
        assertThat(cover(text, marks)).containsExactly("They", "come", "from the~", "cache", "the", "second", "time");
        assertThat(marks.get(3).startSample()).isEqualTo(12_000);
        // ɪt wʌzɐ kˈoʊld dˈeɪ æt ðɪ ˈɛnd ʌvðə jˈɪɹ
        String year = "It was a cold day at the end of the year.";
        assertThat(cover(year, SpokenWords.marks(year, spoken(2, 4, 4, 2, 2, 2, 3, 4, 3), 0, 26_000)))
                .containsExactly("It", "was a~", "cold", "day", "at", "the", "end", "of the~", "year");
        // dˈɑːktɚ smˈɪθ ɚɹˈaɪvd æt tˈɛn ɐ ˈɛm ɔnðə θˈɜːd flˈoːɹ
        String floor = "Doctor Smith arrived at ten A M on the third floor!";
        assertThat(cover(floor, SpokenWords.marks(floor, spoken(6, 4, 6, 2, 3, 1, 2, 4, 4, 4), 0, 36_000)))
                .containsExactly("Doctor", "Smith", "arrived", "at", "ten", "A", "M", "on the~", "third", "floor");
    }

    @Test
    void a_czech_one_letter_preposition_joined_to_its_noun() {
        String text = "Šli jsme k mostu a pak domů.";
        assertThat(cover(text, SpokenWords.marks(text, spoken(3, 4, 6, 1, 3, 4), 0, 21_000)))
                .containsExactly("Šli", "jsme", "k mostu~", "a", "pak", "domů");
    }

    @Test
    void more_spoken_than_written_words_is_one_estimated_mark_over_the_speech() {
        String text = "Hi there";
        List<WordMark> marks = SpokenWords.marks(text, spoken(2, 2, 3), 500, 7000);
        assertThat(marks).containsExactly(new WordMark(0, text.length(), 500, 7000, false));
    }
}
