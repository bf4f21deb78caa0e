package dev.hlas.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceBufferTest {
    private static List<String> texts(List<SentenceBuffer.Segment> segments) {
        return segments.stream().map(SentenceBuffer.Segment::text).toList();
    }

    @Test
    void a_sentence_is_complete_once_the_next_one_begins() {
        SentenceBuffer buffer = new SentenceBuffer();
        assertThat(buffer.append("Hello wor")).isEmpty();
        assertThat(buffer.append("ld. ")).isEmpty(); // "world. " might still be "world. and…"
        assertThat(texts(buffer.append("How"))).containsExactly("Hello world.");
        assertThat(texts(buffer.append(" are you?"))).isEmpty();
        assertThat(texts(buffer.flush())).containsExactly("How are you?");
    }

    @Test
    void abbreviations_and_czech_ordinals_do_not_end_a_sentence_across_deltas() {
        SentenceBuffer buffer = new SentenceBuffer();
        List<String> done = new ArrayList<>();
        for (String delta : List.of("Přijďte např", ". zítra, ", "tj. ", "21. listo", "padu. Dr", ". Novák ", "čeká. ")) {
            done.addAll(texts(buffer.append(delta)));
        }
        assertThat(done).containsExactly("Přijďte např. zítra, tj. 21. listopadu.");
        assertThat(texts(buffer.flush())).containsExactly("Dr. Novák čeká.");
    }

    @Test
    void a_line_break_completes_a_sentence_at_once() {
        SentenceBuffer buffer = new SentenceBuffer();
        assertThat(texts(buffer.append("Done\n"))).containsExactly("Done");
    }

    @Test
    void offsets_point_into_all_the_text_appended() {
        SentenceBuffer buffer = new SentenceBuffer();
        StringBuilder all = new StringBuilder();
        List<SentenceBuffer.Segment> segments = new ArrayList<>();
        for (String delta : List.of("One. ", " Two", " words! Three", " more")) {
            all.append(delta);
            segments.addAll(buffer.append(delta));
        }
        segments.addAll(buffer.flush());
        assertThat(texts(segments)).containsExactly("One.", "Two words!", "Three more");
        for (SentenceBuffer.Segment s : segments) {
            assertThat(all.substring(s.start(), s.end())).isEqualTo(s.text());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 11})
    void deltas_cut_anywhere_give_the_sentences_of_the_whole_text(int size) {
        String text = "Dobrý den. Jak se máte? The meeting is at 10:30, see e.g. room 4. Konec…";
        SentenceBuffer buffer = new SentenceBuffer();
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.addAll(texts(buffer.append(text.substring(i, Math.min(text.length(), i + size)))));
        }
        pieces.addAll(texts(buffer.flush()));
        List<String> whole = new ArrayList<>();
        for (int[] r : new SentenceSplitter(FrontEndTextAnalyzer.DEFAULT_MAX_SENTENCE_CHARS).split(text)) {
            whole.add(text.substring(r[0], r[1]));
        }
        assertThat(pieces).isEqualTo(whole);
    }

    @Test
    void clear_drops_the_tail_and_flush_of_nothing_speakable_is_empty() {
        SentenceBuffer buffer = new SentenceBuffer();
        buffer.append("Half a sent");
        buffer.clear();
        assertThat(buffer.buffered()).isZero();
        buffer.append(" … ");
        assertThat(buffer.flush()).isEmpty();
    }
}
