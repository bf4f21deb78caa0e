package dev.hlas.bench;

import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.kokoro.KokoroLanguage;
import dev.hlas.engine.kokoro.KokoroPhonemizer;
import dev.hlas.engine.kokoro.KokoroWordOverrides;
import dev.hlas.engine.kokoro.MisakiDictionaries;
import dev.hlas.engine.kokoro.MisakiG2p;
import dev.hlas.engine.kokoro.WordSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * misaki's English G2P on the real dictionaries: load time and retained heap of each variant, then the time per
 * sentence (median and p95 over many passes), with espeak-ng for the words no dictionary knows and, separately,
 * with dictionary words only.
 *
 * <p>{@code bench/run MisakiG2pBench <dir with us_gold.json …> [passes]}
 */
public final class MisakiG2pBench {
    private static final List<String> SENTENCES = List.of(
            "The committee met on Tuesday to review the budget, which had grown considerably over the previous year.",
            "Several members asked for a detailed breakdown of the spending.",
            "I read the book yesterday, and I have read it twice since then.",
            "She used to live in a small house near the river, didn't she?",
            "Don't worry; it's John's car, and the students' books are in the back.",
            "The well-known author records her stories in a quiet studio.",
            "Kokoro sounds natural when misaki phonemizes its English.",
            "Nineteen ninety-nine was a strange year for everyone involved.");

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        MisakiDictionaries d = MisakiDictionaries.find(dir).orElseThrow();
        KokoroPhonemizer espeak = new KokoroPhonemizer(EspeakNative.load(null, null));
        System.out.println("| variant | load ms | retained heap MB | median µs/sentence | p95 µs | median µs, dictionary words only | words from espeak |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (KokoroLanguage l : List.of(KokoroLanguage.AMERICAN_ENGLISH, KokoroLanguage.BRITISH_ENGLISH)) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            MisakiG2p g2p = d.g2p(l);
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            long after = usedAfterGc();
            double[] all = time(g2p, l, passes, w -> espeak.englishWord(w, l));
            double[] dictOnly = time(g2p, l, passes, w -> "");
            long espeakWords = SENTENCES.stream().flatMap(s -> g2p.phonemize(s, w -> "", KokoroWordOverrides.NONE, l)
                    .words().stream()).filter(w -> w.source() == WordSource.ESPEAK).count();
            System.out.printf("| %s | %d | %.1f | %.0f | %.0f | %.0f | %d of %d sentences' words |%n", l, loadMs,
                    (after - before) / 1e6, pct(all, 50), pct(all, 95), pct(dictOnly, 50), espeakWords,
                    SENTENCES.size());
        }
    }

    private static double[] time(MisakiG2p g2p, KokoroLanguage l, int passes,
                                 Function<String, String> fallback) {
        double[] t = new double[passes * SENTENCES.size()];
        int k = 0;
        for (int p = 0; p < passes; p++) {
            for (String s : SENTENCES) {
                long a = System.nanoTime();
                g2p.phonemize(s, fallback, KokoroWordOverrides.NONE, l);
                t[k++] = (System.nanoTime() - a) / 1e3;
            }
        }
        double[] warm = Arrays.copyOfRange(t, t.length / 2, t.length);
        Arrays.sort(warm);
        return warm;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
