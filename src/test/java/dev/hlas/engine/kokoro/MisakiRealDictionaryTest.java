package dev.hlas.engine.kokoro;

import dev.hlas.engine.espeak.EspeakNative;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real misaki dictionaries, when installed: point {@code -Dhlas.misaki.dir} or {@code MISAKI_DATA_DIR} at a
 * directory holding {@code us_gold.json} … (e.g. the store's {@code voices/misaki-en}); skipped otherwise.
 */
class MisakiRealDictionaryTest {
    static Optional<MisakiDictionaries> installed() {
        String dir = System.getProperty("hlas.misaki.dir", System.getenv("MISAKI_DATA_DIR"));
        return dir == null ? Optional.empty() : MisakiDictionaries.find(Path.of(dir));
    }

    @Test
    void readme_examples_on_the_real_dictionaries() {
        Optional<MisakiDictionaries> d = installed();
        assumeTrue(d.isPresent(), "misaki dictionaries not installed: set -Dhlas.misaki.dir or MISAKI_DATA_DIR "
                + "to a directory with us_gold.json, us_silver.json, gb_gold.json, gb_silver.json");
        KokoroPhonemizer espeak = new KokoroPhonemizer(EspeakNative.load(null, null));
        KokoroLanguage us = KokoroLanguage.AMERICAN_ENGLISH;
        // hexgrad/misaki README.md, "English Usage" (the G2P engine sentence), inline phonemes as lexicon entries.
        MisakiG2p.Result r = d.get().g2p(us).phonemize("Misaki is a G2P engine designed for Kokoro models.",
                w -> espeak.englishWord(w, us), (w, l) -> Optional.ofNullable(
                        w.equals("Misaki") ? "misˈɑki" : w.equals("Kokoro") ? "kˈOkəɹO" : null), us);
        assertThat(r.phonemes()).isEqualTo("misˈɑki ɪz ɐ ʤˈitəpˈi ˈɛnʤən dəzˈInd fɔɹ kˈOkəɹO mˈɑdᵊlz.");
        // README, "To fallback to espeak": dictionary words as documented; the made-up word goes to espeak-ng.
        MisakiG2p.Result fb = d.get().g2p(us).phonemize("Now outofdictionary words are handled by espeak.",
                w -> espeak.englishWord(w, us), KokoroWordOverrides.NONE, us);
        assertThat(fb.phonemes()).startsWith("nˈW ").contains(" wˈɜɹdz ɑɹ hˈændəld ");
        assertThat(fb.words().get(1).source()).isEqualTo(WordSource.ESPEAK);
        // EN_PHONES.md: "boxes => bˈɑksᵻz", "Asia => ˈAʒə", "pixel => pˈɪksᵊl".
        assertThat(d.get().g2p(us).phonemize("boxes Asia pixel", w -> "", KokoroWordOverrides.NONE, us).phonemes())
                .isEqualTo("bˈɑksᵻz ˈAʒə pˈɪksᵊl");
        KokoroLanguage gb = KokoroLanguage.BRITISH_ENGLISH;
        assertThat(d.get().g2p(gb).phonemize("Hello world!", w -> "", KokoroWordOverrides.NONE, gb).phonemes())
                .isEqualTo("həlˈQ wˈɜːld!");
    }
}
