package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.error.ModelBroken;
import dev.hlas.testing.kokoro.MisakiFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * misaki's English G2P on a small generated dictionary in misaki's format ({@link MisakiFixtures}): every rule path,
 * US and GB, with unknown words going to the real espeak-ng.
 */
class MisakiG2pTest {
    @TempDir
    static Path dir;
    static MisakiDictionaries dictionaries;
    static KokoroPhonemizer espeak;

    @BeforeAll
    static void load() throws Exception {
        dictionaries = MisakiDictionaries.find(MisakiFixtures.write(dir.resolve("misaki"))).orElseThrow();
        espeak = new KokoroPhonemizer(EspeakNative.load(null, null));
    }

    static MisakiG2p.Result us(String text) {
        return us(text, KokoroWordOverrides.NONE);
    }

    static MisakiG2p.Result us(String text, KokoroWordOverrides overrides) {
        KokoroLanguage l = KokoroLanguage.AMERICAN_ENGLISH;
        return dictionaries.g2p(l).phonemize(text, w -> espeak.englishWord(w, l), overrides, l);
    }

    static MisakiG2p.Result gb(String text) {
        KokoroLanguage l = KokoroLanguage.BRITISH_ENGLISH;
        return dictionaries.g2p(l).phonemize(text, w -> espeak.englishWord(w, l), KokoroWordOverrides.NONE, l);
    }

    static WordSource source(MisakiG2p.Result r, String word) {
        return r.words().stream().filter(w -> w.text().equals(word)).findFirst().orElseThrow().source();
    }

    @Test
    void the_readme_example_reads_as_misaki_documents_it() {
        // hexgrad/misaki README.md, "English Usage": '[Misaki](/misˈɑki/) is a G2P engine designed for
        // [Kokoro](/kˈOkəɹO/) models.' → "misˈɑki ɪz ə ʤˈitəpˈi ˈɛnʤən dəzˈInd fɔɹ kˈOkəɹO mˈɑdᵊlz."
        // The README's inline phonemes become lexicon entries here. The README predates misaki's current rule for
        // the article: en.py reads a determiner "a" as ɐ, and so does this G2P.
        KokoroWordOverrides inline = (word, language) -> Optional.ofNullable(
                Map.of("Misaki", "misˈɑki", "Kokoro", "kˈOkəɹO").get(word));
        MisakiG2p.Result r = us("Misaki is a G2P engine designed for Kokoro models.", inline);
        assertThat(r.phonemes()).isEqualTo("misˈɑki ɪz ɐ ʤˈitəpˈi ˈɛnʤən dəzˈInd fɔɹ kˈOkəɹO mˈɑdᵊlz.");
        assertThat(source(r, "Misaki")).isEqualTo(WordSource.LEXICON);
        assertThat(source(r, "is")).isEqualTo(WordSource.GOLD);
        assertThat(source(r, "models")).isEqualTo(WordSource.RULE);
    }

    @Test
    void en_phones_examples_and_the_s_suffix_in_both_variants() {
        // hexgrad/misaki EN_PHONES.md: "yes => jˈɛs", "boxes => bˈɑksᵻz" (ᵻ is American-only; British has ɪ).
        assertThat(us("yes").phonemes()).isEqualTo("jˈɛs");
        assertThat(us("boxes").phonemes()).isEqualTo("bˈɑksᵻz");
        assertThat(gb("boxes").phonemes()).isEqualTo("bˈɒksɪz");
        assertThat(us("stops").phonemes()).isEqualTo("stˈɑps");
        assertThat(us("houses").phonemes()).isEqualTo("hˈWsᵻz");
        assertThat(source(us("boxes"), "boxes")).isEqualTo(WordSource.RULE);
    }

    @Test
    void ed_and_ing_suffixes_follow_misakis_rules() {
        assertThat(us("wanted").phonemes()).isEqualTo("wˈɑntᵻd");
        assertThat(gb("wanted").phonemes()).isEqualTo("wˈɒntɪd");
        // Doubled consonant before -ing; the American flap (ɾ, written T for Kokoro v1.0); a secondary stress.
        assertThat(us("getting a book").phonemes()).isEqualTo("ɡˌɛTɪŋ ɐ bˈʊk");
        assertThat(gb("getting a book").phonemes()).startsWith("ɡˌɛtɪŋ");
    }

    @Test
    void gold_wins_over_silver_and_silver_fills_in() {
        MisakiG2p.Result r = us("hello word, handled");
        assertThat(r.phonemes()).isEqualTo("həlˈO wˈɜɹd, hˈændəld");
        assertThat(source(r, "hello")).isEqualTo(WordSource.GOLD);
        assertThat(source(r, "word")).isEqualTo(WordSource.SILVER);
    }

    @Test
    void case_rules_capitals_and_acronyms() {
        assertThat(us("Hello").phonemes()).isEqualTo("həlˈO");
        assertThat(us("HELLO").phonemes()).isEqualTo("həlˈO");
        // An unstressed word gets a secondary stress when capitalized.
        assertThat(us("It").phonemes()).isEqualTo("ˌɪt");
        // An all-capitals word the dictionary lacks is spelled out, the last letter stressed.
        MisakiG2p.Result gps = us("GPS");
        assertThat(gps.phonemes()).isEqualTo("ʤˌipˌiˈɛs");
        assertThat(source(gps, "GPS")).isEqualTo(WordSource.RULE);
    }

    @Test
    void homographs_are_resolved_by_the_documented_heuristic() {
        assertThat(us("I read the book.").phonemes()).isEqualTo("ˌI ɹˈɛd ðə bˈʊk.");
        assertThat(us("I want to read.").phonemes()).contains("ɹˈid.");
        assertThat(us("They have read it").phonemes()).contains("hæv ɹˈɛd");
        assertThat(us("the record").phonemes()).isEqualTo("ðə ɹˈɛkəɹd");
        assertThat(us("to record").phonemes()).endsWith("ɹəkˈɔɹd");
        assertThat(us("I used to live in the house").phonemes()).isEqualTo("ˌI jˈust tə lˈɪv ɪn ðə hˈWs");
        assertThat(us("the used book").phonemes()).isEqualTo("ðə jˈuzd bˈʊk");
        // The "None" form: stressed before punctuation or the end.
        assertThat(us("I have.").phonemes()).isEqualTo("ˌI hˈæv.");
        assertThat(gb("I read the book.").phonemes()).isEqualTo("ˌI ɹˈɛd ðə bˈʊk.");
    }

    @Test
    void function_words_depend_on_what_follows() {
        assertThat(us("the apple").phonemes()).isEqualTo("ði ˈæpᵊl");
        assertThat(us("the book").phonemes()).isEqualTo("ðə bˈʊk");
        assertThat(us("to eat").phonemes()).isEqualTo("tʊ ˈit");
        assertThat(us("to book").phonemes()).startsWith("tə ");
        assertThat(us("a book").phonemes()).isEqualTo("ɐ bˈʊk");
    }

    @Test
    void contractions_possessives_and_hyphens() {
        assertThat(us("John's book").phonemes()).isEqualTo("ʤˈɑnz bˈʊk");
        assertThat(us("the students' books").phonemes()).isEqualTo("ðə stˈudᵊnts bˈʊks");
        MisakiG2p.Result itll = us("it'll");
        assertThat(itll.phonemes()).isEqualTo("ɪtəl");
        assertThat(source(itll, "it'll")).isEqualTo(WordSource.GOLD);
        // A hyphenated compound: one word, the weaker primary stress demoted.
        assertThat(us("well-known").phonemes()).isEqualTo("wˌɛlnˈOn");
    }

    @Test
    void numbers_arrive_as_words_from_the_front_end() {
        // Hlas's text front-end spells numbers before the G2P ("1999" → "nineteen ninety-nine"): the compound's
        // lighter half loses its primary stress.
        assertThat(us("ninety-nine").phonemes()).isEqualTo("nˈIndinˌIn");
    }

    @Test
    void am_is_reduced_before_a_vowel_and_full_at_the_end() {
        assertThat(us("I am.").phonemes()).isEqualTo("ˌI æm.");
        assertThat(us("I am eating").phonemes()).startsWith("ˌI ɐm ");
    }

    @Test
    void unknown_words_go_to_espeak_ng_through_the_fallback_mapping() {
        MisakiG2p.Result r = us("hello Kokoro!");
        String kokoro = espeak.englishWord("Kokoro", KokoroLanguage.AMERICAN_ENGLISH);
        assertThat(kokoro).isNotBlank();
        assertThat(r.phonemes()).isEqualTo("həlˈO " + kokoro + "!");
        assertThat(source(r, "Kokoro")).isEqualTo(WordSource.ESPEAK);
        assertThat(r.phonemes().codePoints().allMatch(KokoroVocab::contains)).isTrue();
    }

    @Test
    void a_lexicon_entry_wins_over_gold() {
        MisakiG2p.Result r = us("hello world", (word, language) ->
                word.equals("hello") ? Optional.of("hɛlˈO") : Optional.empty());
        assertThat(r.phonemes()).isEqualTo("hɛlˈO wˈɜɹld");
        assertThat(source(r, "hello")).isEqualTo(WordSource.LEXICON);
    }

    @Test
    void clause_punctuation_and_quotes_are_kept() {
        assertThat(us("\"Hello, world!\" I am; yes.").phonemes()).isEqualTo("“həlˈO, wˈɜɹld!” ˌI æm; jˈɛs.");
    }

    @Test
    void dictionaries_load_once_and_a_broken_file_is_named() throws Exception {
        assertThat(dictionaries.g2p(KokoroLanguage.AMERICAN_ENGLISH))
                .isSameAs(dictionaries.g2p(KokoroLanguage.AMERICAN_ENGLISH));
        Path broken = Files.writeString(dir.resolve("bad.json"), "{\"read\": {\"VBD\": \"ɹˈɛd\"}}");
        assertThatThrownBy(() -> MisakiLexicon.read(broken)).isInstanceOf(ModelBroken.class)
                .hasMessageContaining("bad.json").hasMessageContaining("DEFAULT");
        assertThat(MisakiDictionaries.find(dir.resolve("nothing-here"))).isEmpty();
    }
}
