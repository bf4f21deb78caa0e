package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** English text → misaki-style phonemes → the token ids of the vocabulary in Kokoro-82M's own config.json. */
class KokoroPhonemizerTest {
    static KokoroPhonemizer phonemizer;

    @BeforeAll
    static void load() {
        phonemizer = new KokoroPhonemizer(EspeakNative.load(null, null));
    }

    @Test
    void vocabulary_has_the_114_symbols_of_kokoro_v1() {
        assertThat(KokoroVocab.tableSize()).isEqualTo(KokoroVocab.SIZE);
        assertThat(KokoroVocab.id(';')).isEqualTo(1);
        assertThat(KokoroVocab.id(' ')).isEqualTo(16);
        assertThat(KokoroVocab.id('ˈ')).isEqualTo(156);
        assertThat(KokoroVocab.id('ᵻ')).isEqualTo(177);
        assertThat(KokoroVocab.id('ꭧ')).isEqualTo(23);
        assertThat(KokoroVocab.id('B')).isEqualTo(-1);
    }

    @Test
    void american_hello_world_uses_misaki_symbols_and_the_model_vocabulary_ids() {
        String ps = phonemizer.phonemize("Hello, world!", KokoroLanguage.AMERICAN_ENGLISH);
        assertThat(ps).isEqualTo("həlˈO, wˈɜɹld!");
        // h ə l ˈ O , ␠ w ˈ ɜ ɹ l d !  — ids read by hand from the model's config.json, not from KokoroVocab
        assertThat(KokoroVocab.encode(ps)).containsExactly(50, 83, 54, 156, 31, 3, 16, 65, 156, 87, 123, 54, 46, 5);
    }

    @Test
    void american_test_sentence_maps_to_the_spec_ids_with_pads() {
        String ps = phonemizer.phonemize("This is a test.", KokoroLanguage.AMERICAN_ENGLISH);
        assertThat(ps).isEqualTo("ðɪs ɪz ə tˈɛst.");
        assertThat(KokoroVocab.withPads(KokoroVocab.encode(ps)))
                .containsExactly(0, 81, 102, 61, 16, 102, 68, 16, 83, 16, 62, 156, 86, 61, 62, 4, 0);
    }

    @Test
    void diphthongs_flaps_and_r_colouring_follow_misaki_for_american_english() {
        String ps = phonemizer.phonemize("I'd like a large cup of water, please.", KokoroLanguage.AMERICAN_ENGLISH);
        assertThat(ps).isEqualTo("Id lˈIk ə lˈɑɹʤ kˈʌp ʌv wˈɔTəɹ, plˈiz.");
    }

    @Test
    void british_english_keeps_length_marks_and_uses_Q_for_its_o() {
        String ps = phonemizer.phonemize("Hello, world!", KokoroLanguage.BRITISH_ENGLISH);
        assertThat(ps).isEqualTo("həlˈQ, wˈɜːld!");
        assertThat(KokoroVocab.encode(ps)).containsExactly(50, 83, 54, 156, 33, 3, 16, 65, 156, 87, 158, 54, 46, 5);
    }

    @Test
    void other_languages_use_their_espeak_voice_and_only_kokoro_symbols() {
        String es = phonemizer.phonemize("¿Dónde está la estación?", KokoroLanguage.SPANISH);
        assertThat(es).isEqualTo("dˈonde estˈa la ˌestaθjˈon?");
        assertThat(es.codePoints().allMatch(KokoroVocab::contains)).isTrue();
    }

    @Test
    void text_in_a_language_kokoro_lacks_is_phonemized_with_that_language() {
        assertThat(phonemizer.phonemizeForeign("Dobrý den, jak se máte?", "cs")).isEqualTo("dˈobriː dˈen, jˈak se mˈaːte?");
    }

    @Test
    void several_sentences_in_one_utterance_are_separated_by_a_space() {
        assertThat(phonemizer.phonemize("Hello. Hello.", KokoroLanguage.AMERICAN_ENGLISH)).isEqualTo("həlˈO. həlˈO.");
    }
}
