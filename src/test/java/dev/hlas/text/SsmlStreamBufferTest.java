package dev.hlas.text;

import dev.hlas.error.HlasException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSML that arrives in pieces: cut only at safe points, each piece a document the ordinary parser reads. */
class SsmlStreamBufferTest {
    private static final FrontEndTextAnalyzer ANALYZER = new FrontEndTextAnalyzer();

    /** Feeds {@code chunks}; answers the segments, each as it came out. */
    private static List<SentenceBuffer.Segment> feed(StreamedText buffer, String... chunks) {
        List<SentenceBuffer.Segment> out = new ArrayList<>();
        for (String c : chunks) out.addAll(buffer.append(c));
        out.addAll(buffer.flush());
        return out;
    }

    private static List<Sentence> sentences(List<SentenceBuffer.Segment> segments) {
        List<Sentence> out = new ArrayList<>();
        for (SentenceBuffer.Segment s : segments) {
            try {
                out.addAll(ANALYZER.analyze(s.text(), "en", Set.of("en", "cs"), true, LanguageContext.NONE,
                        new TextOptions(List.of(), true)));
            } catch (HlasException e) {
                if (SsmlParser.refused(e)) throw e;
            }
        }
        return out;
    }

    /** Every chunking of {@code ssml}, one char at a time included, reads as the whole document does. */
    private static void assertSameAsWhole(String ssml) {
        List<Sentence> whole = ANALYZER.analyze(ssml, "en", Set.of("en", "cs"), true, LanguageContext.NONE,
                new TextOptions(List.of(), true));
        for (int size : new int[]{1, 2, 3, 7, 16, ssml.length()}) {
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < ssml.length(); i += size) chunks.add(ssml.substring(i, Math.min(ssml.length(), i + size)));
            List<Sentence> streamed = sentences(feed(new StreamedText(null), chunks.toArray(String[]::new)));
            assertThat(streamed).as("chunks of " + size).hasSameSizeAs(whole);
            for (int i = 0; i < whole.size(); i++) {
                Sentence a = whole.get(i);
                Sentence b = streamed.get(i);
                assertThat(b.text()).isEqualTo(a.text());
                assertThat(b.language()).isEqualTo(a.language());
                assertThat(b.start()).as("offsets point into the streamed text").isEqualTo(a.start());
                assertThat(b.end()).isEqualTo(a.end());
                assertThat(b.delivery().breakAfterMillis()).as("break after " + a.text())
                        .isEqualTo(a.delivery().breakAfterMillis());
                assertThat(b.delivery().rate()).isEqualTo(a.delivery().rate());
                assertThat(b.delivery().phonemes()).isEqualTo(a.delivery().phonemes());
                assertThat(b.delivery().marks()).isEqualTo(a.delivery().marks());
            }
        }
    }

    @Test
    void any_chunking_reads_like_the_whole_document() {
        assertSameAsWhole("<?xml version=\"1.0\"?>\n<speak xml:lang=\"en\">Hello there. I have <say-as "
                + "interpret-as=\"cardinal\">3</say-as> apples.<break time=\"700ms\"/> <p>A paragraph.</p>"
                + "<break strength=\"strong\"/><p>Another <mark name=\"m\"/>one &amp; more.</p>\n"
                + "<lang xml:lang=\"cs\">Dobrý den.</lang><prosody rate=\"slow\">Slowly now.</prosody>"
                + "<!-- a comment --><s>Call <sub alias=\"World Wide Web\">WWW</sub> <phoneme alphabet=\"ipa\" "
                + "ph=\"təˈmɑːtəʊ\">tomato</phoneme>.</s> The end.</speak>");
    }

    @Test
    void an_element_that_ends_no_sentence_is_no_safe_point() {
        assertSameAsWhole("<speak><prosody pitch=\"high\">Hello</prosody> world, <emphasis>it</emphasis> is me."
                + " <prosody volume=\"loud\">And</prosody> then. <prosody rate=\"fast\">Quick.</prosody> End.</speak>");
    }

    @Test
    void sentences_come_out_while_the_document_is_still_open() {
        StreamedText buffer = new StreamedText(null);
        assertThat(buffer.append("<spe")).isEmpty();
        assertThat(buffer.append("ak>First sentence here. Sec")).hasSize(1);
        assertThat(buffer.ssml()).isTrue();
        // a paragraph's end is not cut until content follows: a break after it still belongs to it
        assertThat(buffer.append("ond one.<p>Para.</p>")).hasSize(1);
        assertThat(buffer.append("<break time=\"1s\"/>")).isEmpty();
        List<SentenceBuffer.Segment> cut = buffer.append("Next");
        assertThat(cut).hasSize(1);
        List<Sentence> para = sentences(cut);
        assertThat(para).extracting(Sentence::text).containsExactly("Para.");
        assertThat(para.getFirst().delivery().breakAfterMillis()).isEqualTo(1000);
        // nothing is cut inside an element
        assertThat(buffer.append(" one. <lang xml:lang=\"cs\">Jedna. Dvě. Tři.")).hasSize(1);
        assertThat(buffer.append(" Čtyři.</lang>")).isEmpty();
        assertThat(buffer.append("</speak>")).hasSize(1);
        assertThat(buffer.flush()).isEmpty();
    }

    @Test
    void plain_text_streams_stay_plain() {
        StreamedText buffer = new StreamedText(null);
        assertThat(feed(buffer, "Hello <b>there</b>. ", "Next one.")).extracting(SentenceBuffer.Segment::text)
                .containsExactly("Hello <b>there</b>.", "Next one.");
        assertThat(buffer.ssml()).isFalse();
        assertThat(feed(new StreamedText(null), "<", "spea", "ker> is not SSML.")).hasSize(1);
        assertThat(new StreamedText(null).append("<speaker> is not SSML. Next")).hasSize(1);
    }

    @Test
    void malformed_streams_are_refused_with_the_line_and_column_in_the_streamed_text() {
        assertThatThrownBy(() -> sentences(feed(new StreamedText(null), "<speak>Fine. One.\n", "<p>Bad</s> here.",
                "</speak>"))).hasMessageContaining("line 2, column");
        assertThatThrownBy(() -> sentences(feed(new StreamedText(null), "<speak>Never closed. Really.")))
                .hasMessageContaining("Malformed SSML");
        assertThatThrownBy(() -> sentences(feed(new StreamedText(null), "<speak>Done.</speak>", " junk")))
                .hasMessageContaining("Malformed SSML");
        assertThatThrownBy(() -> sentences(feed(new StreamedText(true), "No root. At all.")))
                .hasMessageContaining("Malformed SSML");
        assertThatThrownBy(() -> sentences(feed(new StreamedText(null), "<!DOCTYPE speak [<!ENTITY x \"y\">]>",
                "<speak>&x; One. Two.</speak>"))).hasMessageContaining("DOCTYPE");
    }
}
