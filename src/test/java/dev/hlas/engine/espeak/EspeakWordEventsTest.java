package dev.hlas.engine.espeak;

import dev.hlas.engine.WordMark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** espeak-ng's own word events, as the engine turns them into word marks. */
class EspeakWordEventsTest {
    static EspeakNative espeak;

    @BeforeAll
    static void load() {
        espeak = EspeakNative.load(null, null);
    }

    private static List<String> words(String text, List<EspeakNative.WordEvent> events) {
        return events.stream().map(e -> text.substring(e.start(), e.end())).toList();
    }

    @Test
    void english_word_events_point_at_each_word_in_order() {
        String text = "Hello world, this is a test.";
        EspeakNative.Synthesis s = espeak.synthesizeWithWords(text, "en-us", 175, () -> false);
        assertThat(words(text, s.words())).containsExactly("Hello", "world", "this", "is", "a", "test");
        assertSamplesIncrease(s);
    }

    @Test
    void czech_text_with_diacritics_and_astral_chars_keeps_utf16_offsets() {
        String text = "Příliš žluťoučký kůň 😀 úpěl ďábelské ódy.";
        EspeakNative.Synthesis s = espeak.synthesizeWithWords(text, "cs", 175, () -> false);
        assertThat(words(text, s.words())).contains("Příliš", "žluťoučký", "kůň", "úpěl", "ďábelské", "ódy");
        assertSamplesIncrease(s);
    }

    @Test
    void marks_end_before_the_next_word_starts_and_inside_the_audio() {
        String text = "One, two. Three four five.";
        EspeakNative.Synthesis s = espeak.synthesizeWithWords(text, "en-us", 175, () -> false);
        List<WordMark> marks = EspeakEngine.marks(s.words(), s.samples());
        assertThat(marks).hasSize(5);
        for (int i = 0; i < marks.size(); i++) {
            WordMark m = marks.get(i);
            assertThat(m.exact()).isTrue();
            assertThat(m.endSample()).isGreaterThan(m.startSample()).isLessThanOrEqualTo(s.samples().length);
            if (i + 1 < marks.size()) assertThat(m.endSample()).isLessThanOrEqualTo(marks.get(i + 1).startSample());
        }
    }

    private static void assertSamplesIncrease(EspeakNative.Synthesis s) {
        long last = -1;
        for (EspeakNative.WordEvent e : s.words()) {
            assertThat(e.sample()).isGreaterThan(last).isLessThan(s.samples().length);
            last = e.sample();
        }
    }
}
