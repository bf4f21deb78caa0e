package dev.hlas.speech;

import dev.hlas.engine.WordMark;
import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.text.Sentence;
import dev.hlas.text.TextSpan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Marks over normalized text → words of the input with absolute times. */
class WordAlignerTest {
    // Input "Dne 21. května." normalized to "Dne dvacátého prvního května." with "21." replaced as a whole.
    static final String INPUT = "Start. Dne 21. května.";
    static final Sentence SENTENCE = new Sentence("Dne dvacátého prvního května.", "cs", 7, 22, List.of(
            new TextSpan(0, 4, 7, 11),      // "Dne " verbatim
            new TextSpan(4, 21, 11, 14),    // "dvacátého prvního" ← "21."
            new TextSpan(21, 29, 14, 22))); // " května." verbatim

    @Test
    void exact_marks_keep_their_samples_and_a_replaced_piece_becomes_one_word() {
        List<WordMark> marks = List.of(new WordMark(0, 3, 100, 200, true), new WordMark(4, 13, 250, 400, true),
                new WordMark(14, 21, 400, 500, true), new WordMark(22, 28, 520, 700, true));
        SentenceTiming t = WordAligner.align(1, SENTENCE, "v", INPUT, marks, 0, 800, 100, 2.0);
        assertThat(t.words()).extracting(SpokenWord::word).containsExactly("Dne", "21.", "května");
        SpokenWord ordinal = t.words().get(1);
        assertThat(ordinal.spoken()).isEqualTo("dvacátého prvního");
        assertThat(ordinal.start()).isEqualTo(4.5);  // 2.0 s offset + 250 / 100
        assertThat(ordinal.end()).isEqualTo(7.0);
        assertThat(ordinal.estimated()).isFalse();
        assertThat(INPUT.substring(ordinal.charStart(), ordinal.charEnd())).isEqualTo("21.");
        assertThat(t.start()).isEqualTo(3.0);
        assertThat(t.end()).isEqualTo(9.0);
        assertThat(t.text()).isEqualTo("Dne 21. května.");
    }

    @Test
    void a_mark_over_several_words_is_spread_by_letters_and_unmarked_words_fill_the_gap() {
        // One mark over "Dne dvacátého" (3 + 9 letters), nothing for "prvního", an exact mark for "května".
        List<WordMark> marks = List.of(new WordMark(0, 13, 0, 120, true), new WordMark(22, 28, 200, 300, true));
        SentenceTiming t = WordAligner.align(0, SENTENCE, "v", INPUT, marks, 0, 300, 100, 0);
        SpokenWord dne = t.words().get(0);
        assertThat(dne.end()).isEqualTo(0.3); // 120 samples × 3/12
        assertThat(dne.estimated()).isTrue();
        SpokenWord ordinal = t.words().get(1); // "dvacátého" from the shared mark, "prvního" from the gap
        assertThat(ordinal.start()).isEqualTo(0.3);
        assertThat(ordinal.end()).isEqualTo(2.0);
        assertThat(ordinal.estimated()).isTrue();
        assertThat(t.words().get(2).estimated()).isFalse();
    }

    @Test
    void no_marks_spread_the_voiced_audio_over_all_words() {
        SentenceTiming t = WordAligner.align(0, SENTENCE, "v", INPUT, List.of(), 50, 250, 100, 1.0);
        assertThat(t.words()).allMatch(SpokenWord::estimated);
        assertThat(t.words().getFirst().start()).isEqualTo(1.5);
        assertThat(t.words().getLast().end()).isEqualTo(3.5);
    }

    /** The words of {@code input} as the real English front-end normalizes it, timed evenly. */
    private static List<SpokenWord> english(String input) {
        List<Sentence> sentences = new FrontEndTextAnalyzer().analyze(input, "en", Set.of("en"), true, null);
        assertThat(sentences).hasSize(1);
        return WordAligner.align(0, sentences.getFirst(), "v", input, List.of(), 0, 1000, 100, 0).words();
    }

    @Test
    void a_replacement_as_long_as_its_source_is_not_taken_for_verbatim_text() {
        // "10 a.m. on the " and "ten A M on the " are both 15 chars long: only " on the " is verbatim.
        String input = "Dr. Smith arrived at 10 a.m. on the 3rd floor!";
        List<SpokenWord> words = english(input);
        assertThat(words).extracting(SpokenWord::word).containsExactly("Dr.", "Smith", "arrived", "at", "10 a.m.",
                "on", "the", "3rd", "floor");
        assertThat(words.get(4).spoken()).isEqualTo("ten A M");
        for (SpokenWord w : words) assertThat(input.substring(w.charStart(), w.charEnd())).isEqualTo(w.word());
    }

    @Test
    void letters_joined_by_dots_are_one_written_word() {
        String input = "They moved to the U.S. in May.";
        List<SpokenWord> words = english(input);
        assertThat(words).extracting(SpokenWord::word).containsExactly("They", "moved", "to", "the", "U.S", "in",
                "May");
        assertThat(words).extracting(SpokenWord::start).isSorted();
    }
}
