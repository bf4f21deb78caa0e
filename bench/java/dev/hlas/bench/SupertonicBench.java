package dev.hlas.bench;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.supertonic.RawSupertonicRun;
import dev.hlas.engine.supertonic.SupertonicEngine;
import dev.hlas.engine.supertonic.SupertonicSettings;
import dev.hlas.testing.onnx.SyntheticSupertonicModel;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Compute;
import dev.hlas.testing.onnx.SyntheticSupertonicModel.Estimator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Supertonic engine: time to first audio and real-time factor at 5 and 8 steps, against the bare ONNX Runtime time
 * of the same graph calls, on synthetic graphs with Supertonic's signatures and MatMul stacks standing in for the
 * real models' compute.
 *
 * <pre>bench/run SupertonicBench [reps=5] [width=512] [estimatorLayers=12] [vocoderLayers=6] [threads=2]</pre>
 */
public final class SupertonicBench {
    private static final String CS = "Když jsem včera večer přišel domů z práce, čekalo mě na stole velké překvapení "
            + "od babičky. Byl to dopis, psaný jejím krásným a úhledným písmem. Psala, že přijede v sobotu ráno "
            + "vlakem a že s sebou přiveze koláče.";
    private static final String EN = "When I came home from work yesterday evening, a big surprise from my "
            + "grandmother was waiting on the table. It was a letter, written in her beautiful and neat handwriting. "
            + "She wrote that she would arrive on Saturday morning by train and bring some cakes.";

    public static void main(String[] args) throws Exception {
        // ORT 1.29 crashed (SIGSEGV, no hs_err) creating its environment on the launcher's main thread here, and ran
        // with -Xss16m: run the whole benchmark on a thread with a large stack.
        Throwable[] failure = {null};
        Thread worker = Thread.ofPlatform().stackSize(64L << 20).name("bench").start(() -> {
            try {
                run(args);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        worker.join();
        if (failure[0] != null) throw new IllegalStateException("benchmark failed", failure[0]);
    }

    private static void run(String[] args) throws Exception {
        int reps = arg(args, 0, 5);
        Compute compute = new Compute(arg(args, 1, 512), arg(args, 2, 12), arg(args, 3, 6));
        int threads = arg(args, 4, 2);
        Path dir = Files.createTempDirectory("hlas-supertonic-bench");
        SyntheticSupertonicModel.write(dir, Estimator.DAMPING, compute, "F1");
        OnnxSettings settings = OnnxSettings.defaults().withIntraOpThreads(threads);
        System.out.printf("Synthetic Supertonic graphs: width %d, %d estimator layers/step, %d vocoder layers; "
                        + "ORT intra-op threads %d; %d reps (median, p95 of %d)%n%n", compute.width(),
                compute.estimatorLayers(), compute.vocoderLayers(), threads, reps, reps);
        System.out.println("| text | steps | first chunk ≤ | chunks | audio s | first audio ms (engine) | "
                + "first chunk ORT ms | total ms (engine) | ORT ms | overhead ms | RTF engine | RTF ORT |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int firstChunk : new int[]{80, 300}) {
            SupertonicSettings options = SupertonicSettings.defaults().withChunkChars(300, firstChunk);
            try (SupertonicEngine engine = SupertonicEngine.inDirectory("supertonic-3", dir,
                    options.withOnnx(settings).withParallelism(1));
                 RawSupertonicRun raw = new RawSupertonicRun(dir, "F1", settings)) {
                EngineVoice voice = engine.voice("supertonic-3:F1").orElseThrow();
                for (int steps : new int[]{5, 8}) {
                    for (String[] text : new String[][]{{"cs", CS}, {"en", EN}}) {
                        row(voice, raw, text[0], text[1], steps, firstChunk, options, reps);
                    }
                }
            }
        }
    }

    private static void row(EngineVoice voice, RawSupertonicRun raw, String lang, String text, int steps,
                            int firstChunk, SupertonicSettings options, int reps) throws Exception {
        SynthesisParams params = new SynthesisParams(1.0, null, null, steps, null);
        for (int i = 0; i < 2; i++) { // warm-up
            once(voice, text, lang, params);
            raw.run(text, lang, steps, options.naturalSpeed(), options);
        }
        double[] first = new double[reps];
        double[] total = new double[reps];
        double[] rawFirst = new double[reps];
        double[] rawTotal = new double[reps];
        double audio = 0;
        int chunks = 0;
        for (int i = 0; i < reps; i++) { // interleaved, so drift hits both alike
            double[] e = once(voice, text, lang, params);
            first[i] = e[0];
            total[i] = e[1];
            audio = e[2];
            RawSupertonicRun.Timing r = raw.run(text, lang, steps, options.naturalSpeed(), options);
            rawFirst[i] = r.firstChunkNanos() / 1e6;
            rawTotal[i] = r.totalNanos() / 1e6;
            chunks = r.chunks();
        }
        double t = median(total);
        double rt = median(rawTotal);
        System.out.printf("| %s | %d | %d | %d | %.2f | %.0f (p95 %.0f) | %.0f | %.0f (p95 %.0f) | %.0f | %.0f | %.3f | %.3f |%n",
                lang, steps, firstChunk, chunks, audio, median(first), p95(first), median(rawFirst), t, p95(total),
                rt, t - rt, t / 1000 / audio, rt / 1000 / audio);
    }

    /** {first audio ms, total ms, audio seconds} for one utterance through the engine. */
    private static double[] once(EngineVoice voice, String text, String lang, SynthesisParams params) {
        List<PcmChunk> chunks = new ArrayList<>();
        long[] firstAt = {0};
        long start = System.nanoTime();
        voice.synthesize(new Utterance(text, lang), params, c -> {
            if (chunks.isEmpty()) firstAt[0] = System.nanoTime();
            chunks.add(c);
            return true;
        });
        long end = System.nanoTime();
        double seconds = chunks.stream().mapToDouble(PcmChunk::seconds).sum();
        return new double[]{(firstAt[0] - start) / 1e6, (end - start) / 1e6, seconds};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double p95(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(0.95 * s.length) - 1)];
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
