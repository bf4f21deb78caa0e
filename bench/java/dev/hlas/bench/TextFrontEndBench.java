package dev.hlas.bench;

import dev.hlas.text.FrontEndTextAnalyzer;
import dev.hlas.text.Sentence;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Cost of the text front-end per sentence: markup stripping + sentence splitting + language detection +
 * normalization, through the public {@link FrontEndTextAnalyzer#analyze} with detection on ({@code lang: auto}).
 *
 * <p>Input: the English and Czech table-test sentences (real-world news, receipts, chat, addresses, and the per-class
 * tables of phone numbers, fractions, abbreviations and agreement), fed one request
 * per sentence and, separately, as one long mixed document. Warm-up first (JIT, ICU data, thread-local RBNF), then
 * several timed rounds; prints the median of the per-round means. Single thread.
 */
public final class TextFrontEndBench {
    private static final Set<String> AVAILABLE = Set.of("cs", "sk", "en", "de", "fr", "pl");

    public static void main(String[] args) throws Exception {
        List<String> sentences = new ArrayList<>();
        // default: the general tables plus the per-class tables (phone numbers, fractions, abbreviations, ordinal
        // and animate agreement); or name tables as arguments
        List<String> tables = args.length > 0 ? List.of(args) : List.of("normalize-en.tsv", "normalize-cs.tsv",
                "phone-cs.tsv", "phone-en.tsv", "fraction-cs.tsv", "fraction-en.tsv", "abbrev-cs.tsv", "abbrev-en.tsv",
                "ordinal-cs.tsv", "animate-cs.tsv");
        for (String name : tables) {
            try (InputStream in = TextFrontEndBench.class.getResourceAsStream("/text/" + name)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) sentences.add(line.split("\t")[0]);
                }
            }
        }
        String document = String.join(" ", sentences);
        FrontEndTextAnalyzer analyzer = new FrontEndTextAnalyzer();
        long sink = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (String s : sentences) sink += analyzer.analyze(s, null, AVAILABLE, true).size();
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int rounds = 15;
        double[] perSentence = new double[rounds];
        double[] perSentenceCpu = new double[rounds];
        double[] perDocSentence = new double[rounds];
        double[] perDocSentenceCpu = new double[rounds];
        int docSentences = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (String s : sentences) sink += analyzer.analyze(s, null, AVAILABLE, true).size();
            perSentence[r] = (System.nanoTime() - t0) / 1000.0 / sentences.size();
            perSentenceCpu[r] = (cpu.getCurrentThreadCpuTime() - c0) / 1000.0 / sentences.size();
            long c1 = cpu.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            List<Sentence> doc = analyzer.analyze(document, null, AVAILABLE, true);
            docSentences = doc.size();
            perDocSentence[r] = (System.nanoTime() - t1) / 1000.0 / doc.size();
            perDocSentenceCpu[r] = (cpu.getCurrentThreadCpuTime() - c1) / 1000.0 / doc.size();
            sink += doc.size();
        }
        Arrays.sort(perSentence);
        Arrays.sort(perSentenceCpu);
        Arrays.sort(perDocSentence);
        Arrays.sort(perDocSentenceCpu);
        System.out.println("| input | sentences | median wall µs / sentence | median CPU µs / sentence |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| one request per sentence (en + cs tables) | %d | %.1f | %.1f |%n", sentences.size(),
                perSentence[rounds / 2], perSentenceCpu[rounds / 2]);
        System.out.printf("| one %d-char mixed document | %d | %.1f | %.1f |%n", document.length(), docSentences,
                perDocSentence[rounds / 2], perDocSentenceCpu[rounds / 2]);
        if (sink == 42) System.out.println();
    }
}
