package dev.hlas.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole text stage: stripping, splitting, language per sentence, normalization and the offset map. */
class FrontEndTextAnalyzerTest {
    private static final Set<String> INSTALLED = Set.of("cs", "sk", "en", "de", "fr");
    private final FrontEndTextAnalyzer analyzer = new FrontEndTextAnalyzer();

    private List<Sentence> analyze(String input) {
        return analyzer.analyze(input, null, INSTALLED, true);
    }

    @Test
    void markdown_and_emoji_are_not_read_but_every_word_stays() {
        String input = "# Shopping list 🛒\n- **Milk** and _eggs_\n- Buy [bread](https://shop.example/b) 😀 today\n"
                + "```\nprint(x)\n```\nThat's `all`.";
        assertThat(analyze(input)).extracting(Sentence::text).containsExactly("Shopping list", "Milk and eggs",
                "Buy bread today", "print(x)", "That's all.");
    }

    @Test
    void sentence_offsets_point_at_the_original_text_even_after_markup() {
        String input = "**Dobrý den.** Stojí to *150 Kč*.";
        List<Sentence> sentences = analyze(input);
        assertThat(sentences).extracting(Sentence::text).containsExactly("Dobrý den.", "Stojí to sto padesát korun.");
        assertThat(input.substring(sentences.get(0).start(), sentences.get(0).end())).isEqualTo("Dobrý den.");
        Sentence price = sentences.get(1);
        int at = price.text().indexOf("sto padesát korun");
        int[] original = price.originalRange(at, at + "sto padesát korun".length());
        assertThat(input.substring(original[0], original[1])).isEqualTo("150 Kč");
    }

    @Test
    void a_czech_text_quoting_an_english_sentence_switches_language_only_for_that_sentence() {
        List<Sentence> sentences = analyze("Na tabuli stálo: \nThe quick brown fox jumps over the lazy dog.\n"
                + "Pak jsme se to učili nazpaměť.");
        assertThat(sentences).extracting(Sentence::language).containsExactly("cs", "en", "cs");
    }

    @Test
    void sentences_without_evidence_take_the_language_of_the_whole_text() {
        List<Sentence> sentences = analyze("Přijďte zítra v 10:30. OK. Děkujeme, budeme se těšit.");
        assertThat(sentences).extracting(Sentence::language).containsExactly("cs", "cs", "cs");
        assertThat(sentences.get(1).text()).isEqualTo("OK.");
    }

    @Test
    void detection_never_picks_a_language_no_installed_voice_speaks() {
        List<Sentence> sentences = analyzer.analyze("Guten Morgen, wie geht es Ihnen?", null, Set.of("en", "cs"),
                true);
        assertThat(sentences.getFirst().language()).isIn("en", "cs");
    }

    @Test
    void an_explicit_language_is_used_for_every_sentence() {
        List<Sentence> sentences = analyzer.analyze("Hello there. Dobrý den.", "cs", INSTALLED, true);
        assertThat(sentences).extracting(Sentence::language).containsOnly("cs");
    }

    @Test
    void normalize_off_keeps_numbers_as_written_but_still_splits_and_strips() {
        List<Sentence> sentences = analyzer.analyze("**Price:** $5.50. Thanks!", null, INSTALLED, false);
        assertThat(sentences).extracting(Sentence::text).containsExactly("Price: $5.50.", "Thanks!");
    }

    @Test
    void input_with_nothing_to_say_gives_no_sentences() {
        assertThat(analyze("😀 🎉\n---\n***")).isEmpty();
    }

    @Test
    void languages_without_own_rules_pass_through_with_tidy_spaces() {
        List<Sentence> sentences = analyzer.analyze("Das  kostet 5 Euro.", "de", INSTALLED, true);
        assertThat(sentences.getFirst().text()).isEqualTo("Das kostet 5 Euro.");
    }

    @Test
    void is_safe_to_share_between_threads() throws Exception {
        String input = "Dnes je 21. listopadu 2026 a stojí to 1 500,50 Kč. It costs $3,497.25 on May 5.";
        List<String> expected = analyze(input).stream().map(Sentence::text).toList();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger mismatches = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    if (!analyze(input).stream().map(Sentence::text).toList().equals(expected)) {
                        mismatches.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(mismatches.get()).isZero();
        assertThat(expected).containsExactly("Dnes je dvacátého prvního listopadu dva tisíce dvacet šest a stojí to "
                + "tisíc pět set korun padesát haléřů.", "It costs three thousand four hundred ninety-seven dollars "
                + "and twenty-five cents on May fifth.");
    }
}
