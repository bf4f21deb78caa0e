package dev.hlas.engine.supertonic;

import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Preprocessing, language tags and character ids, with the synthetic model's indexer table. */
class SupertonicTextTest {
    private static final UnicodeIndexer INDEXER = syntheticIndexer();

    private static UnicodeIndexer syntheticIndexer() {
        int[] table = new int[65536];
        for (int c = 0; c < table.length; c++) table[c] = SyntheticSupertonicModel.id(c);
        return new UnicodeIndexer(table);
    }

    @Test
    void czech_text_is_wrapped_in_cs_tags_and_decomposed_to_base_letters_plus_combining_marks() {
        String prepared = SupertonicText.prepare("Dobrý den.", "cs");
        assertThat(prepared).isEqualTo("<cs>Dobry\u0301 den.</cs>");
        long[] ids = INDEXER.encode(prepared).ids();
        // '<'=29 'c'=68 's'=84 '>'=31 'D'=37 'o'=80 'b'=67 'r'=83 'y'=90 U+0301=97 ' '=1 'd'=69 'e'=70 'n'=79 '.'=15 '/'=16
        assertThat(ids).containsExactly(29, 68, 84, 31, 37, 80, 67, 83, 90, 97, 1, 69, 70, 79, 15, 29, 16, 68, 84, 31);
    }

    @Test
    void english_text_gets_en_tags_and_plain_ascii_ids() {
        String prepared = SupertonicText.prepare("Hello, world!", "en-US");
        assertThat(prepared).isEqualTo("<en>Hello, world!</en>");
        UnicodeIndexer.Encoded encoded = INDEXER.encode(prepared);
        assertThat(encoded.dropped()).isZero();
        assertThat(encoded.ids()).containsExactly(prepared.chars().mapToLong(SyntheticSupertonicModel::id).toArray());
        assertThat(encoded.ids()).startsWith(29, 70, 79, 31, 41).endsWith(2, 29, 16, 70, 79, 31);
    }

    @Test
    void every_czech_diacritic_survives_to_the_ids_and_back() {
        String text = "Příliš žluťoučký kůň úpěl ďábelské ódy. Řeřicha, Ťapka, Ďas, Ňadra, Ůl, Ěš.";
        long[] ids = INDEXER.encode(SupertonicText.prepare(text, "cs")).ids();
        assertThat(INDEXER.encode(SupertonicText.prepare(text, "cs")).dropped()).isZero();
        String decoded = decode(ids);
        assertThat(Normalizer.normalize(decoded, Normalizer.Form.NFC)).isEqualTo("<cs>" + text + "</cs>");
        assertThat(ids).contains(96 + 0x0C /* caron */, 96 + 0x01 /* acute */, 96 + 0x0A /* ring */);
    }

    @Test
    void characters_the_model_does_not_know_are_dropped_never_sent_as_minus_one() {
        UnicodeIndexer.Encoded encoded = INDEXER.encode(SupertonicText.prepare("Cena 5 € ≈ 130 Kč ✓", "cs"));
        assertThat(Arrays.stream(encoded.ids()).min().orElseThrow()).isPositive();
        assertThat(encoded.dropped()).isEqualTo(2); // € and ≈ (✓ is removed as an emoji-range symbol)
        assertThat(decode(encoded.ids())).isEqualTo("<cs>Cena 5 130 Kc\u030C.</cs>");
    }

    @Test
    void preprocessing_follows_the_v3_rules() {
        assertThat(SupertonicText.preprocess("Ahoj 😀 světe")).isEqualTo("Ahoj sve\u030Cte.");
        assertThat(SupertonicText.preprocess("„Ano,“ řekl — a šel.")).isEqualTo("\"Ano,\" r\u030Cekl - a s\u030Cel.");
        assertThat(SupertonicText.preprocess("a_b [c] |d| e/f #g")).isEqualTo("a b c d e f g.");
        assertThat(SupertonicText.preprocess("mail me @ home , ok ?")).isEqualTo("mail me at home, ok?");
        assertThat(SupertonicText.preprocess("See e.g., this")).isEqualTo("See for example, this.");
        assertThat(SupertonicText.preprocess("It’s ‘fine’")).isEqualTo("It's 'fine'");
        assertThat(SupertonicText.preprocess("  many   spaces\n\there  ")).isEqualTo("many spaces here.");
        assertThat(SupertonicText.preprocess("Ends with a question?")).isEqualTo("Ends with a question?");
        assertThat(SupertonicText.preprocess("Fraction ½")).isEqualTo("Fraction 1\u20442.");
    }

    @Test
    void languages_outside_the_model_use_the_language_agnostic_tag() {
        assertThat(SupertonicText.languageTag("cs-CZ")).isEqualTo("cs");
        assertThat(SupertonicText.languageTag("sk")).isEqualTo("sk");
        assertThat(SupertonicText.languageTag("zh")).isEqualTo("na");
        assertThat(SupertonicText.LANGUAGES).hasSize(31).startsWith("cs", "en").doesNotHaveDuplicates();
    }

    @Test
    void characters_beyond_the_basic_plane_are_unknown() {
        UnicodeIndexer.Encoded encoded = INDEXER.encode("a\uD835\uDC00b"); // mathematical bold A
        assertThat(encoded.ids()).containsExactly(66, 67);
        assertThat(encoded.dropped()).isEqualTo(1);
    }

    private static String decode(long[] ids) {
        StringBuilder b = new StringBuilder();
        for (long id : ids) {
            int cp = -1;
            for (int c = 0; c < 0x370; c++) {
                if (SyntheticSupertonicModel.id(c) == id) {
                    cp = c;
                    break;
                }
            }
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
