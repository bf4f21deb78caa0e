package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KokoroChunkerTest {
    private final KokoroChunker chunker = KokoroChunker.defaults();

    @Test
    void a_short_utterance_stays_one_chunk() {
        assertThat(chunker.split("həlˈO, wˈɜɹld!")).containsExactly("həlˈO, wˈɜɹld!");
        assertThat(chunker.split("   ")).isEmpty();
    }

    @Test
    void long_phonemes_are_cut_under_510_at_punctuation_with_a_short_first_chunk() {
        // One long run-on sentence (about 1,300 phonemes): clauses joined by commas and semicolons.
        String text = ("The committee met on Tuesday to review the budget, which had grown considerably over the "
                + "previous year; several members asked for a detailed breakdown of the spending, and the chair "
                + "promised to provide one before the next meeting, ").repeat(6) + "and then everyone went home.";
        String ps = new KokoroPhonemizer(EspeakNative.load(null, null))
                .phonemize(text, KokoroLanguage.AMERICAN_ENGLISH);
        assertThat(ps.length()).isGreaterThan(1200);

        List<String> chunks = chunker.split(ps);

        assertThat(chunks.size()).isGreaterThanOrEqualTo(4);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isBetween(1, KokoroChunker.MAX_PHONEMES));
        assertThat(chunks.getFirst().length()).isLessThanOrEqualTo(KokoroChunker.DEFAULT_FIRST_TARGET);
        // every cut is after punctuation, never inside a word
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c).matches("(?s).*[,;:.!?—…]"));
        // later chunks use the model's context: most hold well over the first chunk's size
        assertThat(chunks.get(1).length()).isGreaterThan(300);
        // nothing lost: the chunks joined by spaces are the input
        assertThat(String.join(" ", chunks)).isEqualTo(ps);
    }

    @Test
    void without_punctuation_the_cut_falls_at_a_space_and_without_spaces_hard() {
        String words = "abcd ".repeat(200).strip();
        List<String> chunks = chunker.split(words);
        assertThat(chunks).allSatisfy(c -> assertThat(c).doesNotStartWith(" ").matches("abcd( abcd)*"));
        String solid = "a".repeat(1200);
        List<String> hard = chunker.split(solid);
        assertThat(hard).extracting(String::length).containsExactly(100, 510, 510, 80);
    }

    @Test
    void an_utterance_just_over_the_first_target_is_not_cut() {
        String ps = "ab, ".repeat(35).strip(); // 139 phonemes: under 1.5 × 100
        assertThat(chunker.split(ps)).hasSize(1);
    }

    @Test
    void limits_are_checked_when_configured() {
        assertThatThrownBy(() -> new KokoroChunker(100, 511)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KokoroChunker(600, 510)).isInstanceOf(IllegalArgumentException.class);
    }
}
