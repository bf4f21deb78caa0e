package dev.hlas.engine.espeak;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EspeakNativeTest {
    static EspeakNative espeak;

    @BeforeAll
    static void load() {
        espeak = EspeakNative.load(null, null);
    }

    @AfterAll
    static void close() {
        espeak.close();
    }

    @Test
    void english_test_vector_from_the_spec() {
        assertThat(espeak.phonemize("This is a test.", "en-us")).containsExactly("ðɪs ɪz ɐ tˈɛst.");
    }

    @Test
    void english_two_sentences_keep_their_terminators() {
        assertThat(espeak.phonemize("Hello, world! How are you?", "en-us"))
                .containsExactly("həlˈoʊ, wˈɜːld!", "hˈaʊ ɑːɹ juː?");
    }

    @Test
    void czech_test_vectors_from_the_spec() {
        assertThat(espeak.phonemize("Dobrý den. Jak se máte?", "cs"))
                .containsExactly("dˈobriː dˈen.", "jˈak se mˈaːte?");
        assertThat(espeak.phonemize("Příliš žluťoučký kůň.", "cs"))
                .containsExactly("pr̝̊ˈiːliʒ ʒlˈucoʊtʃkiː kˈuːɲ.");
    }

    /** Expected values are sherpa-onnx's (espeak-ng with the native terminator), see PiperPhonemesDifferentialTest. */
    @Test
    void a_run_of_marks_takes_the_first_mark_as_espeak_ng_reports_it() {
        assertThat(espeak.phonemize("Really!?", "en-us")).containsExactly("ɹˈiəli!");
        assertThat(espeak.phonemize("sure?!", "en-us")).containsExactly("ʃˈʊɹ?");
        assertThat(espeak.phonemize("coming?..", "en-us")).containsExactly("kˈʌmɪŋ?");
        assertThat(espeak.phonemize("coming!..", "en-us")).containsExactly("kˈʌmɪŋ!");
        assertThat(espeak.phonemize("sure?!?", "en-us")).containsExactly("ʃˈʊɹ?");
        assertThat(espeak.phonemize("sure!!", "en-us")).containsExactly("ʃˈʊɹ!");
        assertThat(espeak.phonemize("sure?…", "en-us")).containsExactly("ʃˈʊɹ?");
        assertThat(espeak.phonemize("a.m. or p.m.?", "en-us")).containsExactly("ˌeɪˈɛm ɔːɹ pˌiːˈɛm.");
    }

    @Test
    void a_mark_swallowing_a_comma_still_ends_the_sentence() {
        assertThat(espeak.phonemize("Is it true?, Then we go.", "en-us"))
                .containsExactly("ɪz ɪt tɹˈuː?", "ðˈɛn wiː ɡˈoʊ.");
        assertThat(espeak.phonemize("Wait!? maybe not.", "en-us")).containsExactly("wˈeɪt!", "mˈeɪbiː nˈɑːt.");
    }

    @Test
    void an_ellipsis_continues_the_sentence_without_a_mark_but_two_dots_are_a_full_stop() {
        assertThat(espeak.phonemize("sure...", "en-us")).containsExactly("ʃˈʊɹ");
        assertThat(espeak.phonemize("sure…", "en-us")).containsExactly("ʃˈʊɹ");
        assertThat(espeak.phonemize("sure...!", "en-us")).containsExactly("ʃˈʊɹ");
        assertThat(espeak.phonemize("sure..", "en-us")).containsExactly("ʃˈʊɹ.");
    }

    @Test
    void dashes_are_clause_breaks_not_sentence_ends() {
        assertThat(espeak.phonemize("Yes – no – maybe.", "en-us")).containsExactly("jˈɛs; nˈoʊ; mˈeɪbiː.");
        assertThat(espeak.phonemize("Wait — then what?", "en-us")).hasSize(1);
    }

    @Test
    void quotes_and_brackets_after_the_mark_keep_it() {
        assertThat(espeak.phonemize("\"Hmm?!\" was all he said.", "en-us"))
                .containsExactly("həm?", "wʌz ˈɔːl hiː sˈɛd.");
        assertThat(espeak.phonemize("„Ne!“ a odešel.", "cs")).first().asString().endsWith("!");
    }

    @Test
    void two_dots_at_the_end_do_not_leak_a_dot_into_the_next_text() {
        assertThat(espeak.phonemize("Is it true..", "en-us")).containsExactly("ɪz ɪt tɹˈuː.");
        assertThat(espeak.phonemize("Then we go.", "en-us")).containsExactly("ðˈɛn wiː ɡˈoʊ.");
    }

    @Test
    void a_paragraph_break_ends_the_sentence_without_a_mark_for_questions() {
        assertThat(espeak.phonemize("Why?\n\nBecause.", "en-us")).containsExactly("wˈaɪ", "bɪkˈʌz.");
        assertThat(espeak.phonemize("No punctuation\n\nnext paragraph", "en-us")).hasSize(2);
    }

    @Test
    void text_without_final_punctuation_is_still_a_sentence() {
        assertThat(espeak.phonemize("Hello world", "en-us")).hasSize(1);
    }

    @Test
    void unknown_voice_is_refused() {
        assertThatThrownBy(() -> espeak.phonemize("x", "no-such-voice")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void synthesis_produces_audio_whose_length_follows_the_text() {
        short[] shortText = espeak.synthesize("Hello.", "en-us", 175, () -> false);
        short[] longText = espeak.synthesize("Hello, this is a much longer sentence with many more words in it.",
                "en-us", 175, () -> false);
        assertThat(espeak.sampleRate()).isEqualTo(22050);
        assertThat(shortText.length).isGreaterThan(espeak.sampleRate() / 4);
        assertThat(longText.length).isGreaterThan(shortText.length * 3);
    }

    @Test
    void faster_rate_gives_shorter_audio() {
        String text = "The quick brown fox jumps over the lazy dog.";
        short[] normal = espeak.synthesize(text, "en-us", 175, () -> false);
        short[] fast = espeak.synthesize(text, "en-us", 350, () -> false);
        assertThat(fast.length).isLessThan((int) (normal.length * 0.7));
    }

    @Test
    void lists_english_and_czech_voices() {
        List<EspeakVoiceEntry> voices = espeak.listVoices();
        assertThat(voices).extracting(v -> v.languages().getFirst()).contains("en-us", "en-gb", "cs", "en-gb-x-rp");
    }

    @Test
    void tie_mode_joins_the_letters_of_one_phoneme_for_kokoro() {
        List<PhonemeClause> clauses = espeak.phonemizeClausesWithTie("Hello, world!", "en-us", '^');
        assertThat(clauses).extracting(PhonemeClause::phonemes).containsExactly("həlˈo^ʊ", "wˈɜːld");
        assertThat(clauses).extracting(PhonemeClause::terminator).containsExactly(", ", "!");
        // the plain mode is unchanged afterwards (same lock, same global state)
        assertThat(espeak.phonemize("Hello, world!", "en-us")).containsExactly("həlˈoʊ, wˈɜːld!");
        assertThatThrownBy(() -> espeak.phonemizeClausesWithTie("x", "en-us", 'ˈ'))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
