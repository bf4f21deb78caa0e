package dev.hlas.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule every engine follows for the first chunk of a response. */
class FirstChunkTest {
    private static List<String> texts(FirstChunk rule, String text) {
        return rule.split(new Utterance(text, "en")).stream().map(Utterance::text).toList();
    }

    @Test
    void a_long_sentence_is_cut_after_its_first_clause_mark_and_the_clause_is_marked() {
        String s = "When the first sentence of a reply is long, the listener should not wait for all of it to be ready.";
        List<Utterance> parts = FirstChunk.CLAUSE.split(new Utterance(s, "en"));
        assertThat(parts).extracting(Utterance::text).containsExactly(
                "When the first sentence of a reply is long,",
                "the listener should not wait for all of it to be ready.");
        assertThat(parts).extracting(Utterance::clause).containsExactly(true, false);
        assertThat(parts).extracting(Utterance::language).containsOnly("en");
        assertThat(texts(FirstChunk.SENTENCE, s)).containsExactly(s);
    }

    @Test
    void semicolons_colons_and_dashes_are_clause_marks_too() {
        assertThat(texts(FirstChunk.CLAUSE, "Here is the plan for today; we start early and finish before the evening news."))
                .first().isEqualTo("Here is the plan for today;");
        assertThat(texts(FirstChunk.CLAUSE, "There is one thing I need: a quiet room and a long afternoon to finish it all."))
                .first().isEqualTo("There is one thing I need:");
        assertThat(texts(FirstChunk.CLAUSE, "The old bridge over the river — closed since spring — opens again next week for everyone."))
                .first().isEqualTo("The old bridge over the river —");
    }

    @Test
    void without_a_clause_mark_the_cut_is_at_a_word_boundary_after_the_minimum_length() {
        String s = "The quick brown fox jumps over the lazy dog near the quiet river bank today";
        assertThat(texts(FirstChunk.CLAUSE, s)).containsExactly("The quick brown fox jumps over the",
                "lazy dog near the quiet river bank today");
    }

    @Test
    void short_sentences_marks_too_early_or_too_late_and_unspaced_scripts_stay_whole_or_fall_back() {
        assertThat(texts(FirstChunk.CLAUSE, "Hello, world.")).containsExactly("Hello, world.");
        assertThat(texts(FirstChunk.CLAUSE, "Yes, I think that is what we said we would do about it then."))
                .as("a mark after one word is too early; the fallback cuts after seven words")
                .containsExactly("Yes, I think that is what we", "said we would do about it then.");
        assertThat(texts(FirstChunk.CLAUSE, "これは句読点のない長い日本語の文で、単語の間に空白がありません。")).hasSize(1);
        assertThat(FirstChunk.cutPoint("one two three four five six seven eight nine ten eleven")).isEqualTo(-1);
    }

    @Test
    void the_option_value_is_clause_or_sentence() {
        assertThat(FirstChunk.parse("Clause")).isEqualTo(FirstChunk.CLAUSE);
        assertThat(FirstChunk.parse("sentence")).isEqualTo(FirstChunk.SENTENCE);
        assertThatThrownBy(() -> FirstChunk.parse("word")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clause or sentence");
    }
}
