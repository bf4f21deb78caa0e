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
