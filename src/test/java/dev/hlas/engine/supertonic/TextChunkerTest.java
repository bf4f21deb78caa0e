package dev.hlas.engine.supertonic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hlas.engine.supertonic.TextChunker.Boundary.CLAUSE;
import static dev.hlas.engine.supertonic.TextChunker.Boundary.SENTENCE;
import static dev.hlas.engine.supertonic.TextChunker.Boundary.WORD;
import static org.assertj.core.api.Assertions.assertThat;

class TextChunkerTest {
    private final TextChunker chunker = new TextChunker(120, 40);

    @Test
    void short_text_is_one_sentence_chunk() {
        assertThat(chunker.split("Dobrý den.")).containsExactly(new TextChunker.Chunk("Dobrý den.", SENTENCE));
        assertThat(chunker.split("  \n ")).isEmpty();
    }

    @Test
    void the_first_chunk_is_short_and_cut_at_a_clause_mark_later_chunks_pack_sentences() {
        String text = "Když jsem včera večer přišel domů, čekalo mě překvapení. Na stole ležel dopis. "
                + "Byl od babičky. Psala, že přijede v sobotu.";
        List<TextChunker.Chunk> chunks = chunker.split(text);
        assertThat(chunks.getFirst()).isEqualTo(new TextChunker.Chunk("Když jsem včera večer přišel domů,", CLAUSE));
        assertThat(chunks.get(1)).isEqualTo(new TextChunker.Chunk(
                "čekalo mě překvapení. Na stole ležel dopis. Byl od babičky. Psala, že přijede v sobotu.", SENTENCE));
        assertThat(chunks).hasSize(2);
    }

    @Test
    void abbreviations_and_initials_do_not_end_sentences() {
        List<TextChunker.Chunk> chunks = new TextChunker(300, 30).split("Dr. Smith met J. Doe. Then they left.");
        assertThat(chunks).extracting(TextChunker.Chunk::text).containsExactly("Dr. Smith met J. Doe.", "Then they left.");
    }

    @Test
    void paragraphs_split_and_overlong_words_are_cut_at_spaces_or_hard() {
        String words = "slovo ".repeat(40).strip();
        List<TextChunker.Chunk> chunks = chunker.split(words + "\n\nKonec.");
        assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(120));
        assertThat(chunks.getFirst().text().length()).isLessThanOrEqualTo(40);
        assertThat(chunks.getFirst().boundary()).isEqualTo(WORD);
        assertThat(chunks.getLast()).isEqualTo(new TextChunker.Chunk("Konec.", SENTENCE));
        assertThat(String.join(" ", chunks.stream().map(TextChunker.Chunk::text).toList()))
                .isEqualTo(words + " Konec.");
        String block = "x".repeat(100);
        assertThat(chunker.split(block)).extracting(TextChunker.Chunk::text)
                .containsExactly("x".repeat(40), "x".repeat(60));
    }
}
