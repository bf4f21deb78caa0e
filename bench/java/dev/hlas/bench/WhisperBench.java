package dev.hlas.bench;

import dev.hlas.stt.Pcm16k;
import dev.hlas.stt.RecognitionOptions;
import dev.hlas.stt.RecognizerModel;
import dev.hlas.stt.Transcript;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.VoiceStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Real-time factor of whisper.cpp (through whisper-jni, as the server runs it) on generated ggml models: the test
 * model and random-weight models with the real tiny and base shapes, on the same audio.
 *
 * <pre>bench/run WhisperBench [threads=1] [seconds=10] [rounds=3]</pre>
 *
 * Random weights decode random tokens, so the decoder's share differs from a real model's (a real model stops at
 * the end of the speech; a random one runs until its token limit). The explicit temperature turns off whisper.cpp's
 * temperature fallback, which a random model would otherwise trigger on every window.
 */
public final class WhisperBench {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path home = Files.createTempDirectory("hlas-whisper-bench");
        VoiceStore store = new VoiceStore(home);
        record Shape(String id, TinyWhisperModel model) {
        }
        List<Shape> shapes = List.of(
                new Shape("test (width 16, 1+1 layers)", TinyWhisperModel.tiny()),
                new Shape("tiny shape (384, 6 heads, 4+4)", new TinyWhisperModel(384, 6, 4, 4, 1)),
                new Shape("base shape (512, 8 heads, 6+6)", new TinyWhisperModel(512, 8, 6, 6, 2)));
        float[] audio = new float[(int) (seconds * Pcm16k.RATE)];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.2 * Math.sin(i * 2 * Math.PI * 180 / Pcm16k.RATE) + 0.02 * (random.nextDouble() - 0.5));
        }
        System.out.printf(Locale.ROOT, "%n%.0f s of audio, %d thread(s), median of %d rounds after one warm-up%n%n",
                seconds, threads, rounds);
        System.out.println("| model | file MB | load ms | median ms | RTF | segments |");
        System.out.println("|---|---|---|---|---|---|");
        int n = 0;
        for (Shape shape : shapes) {
            String id = "whisper-bench-" + n++;
            Path dir = Files.createDirectories(home.resolve(id));
            Path file = shape.model().writeTo(dir.resolve("ggml-" + id + ".bin"));
            StoreInstall.commit(store, dir, id, WhisperRecognizer.ENGINE);
            try (WhisperRecognizer whisper = new WhisperRecognizer(store, threads)) {
                RecognizerModel model = whisper.models().stream().filter(m -> m.id().equals(id)).findFirst()
                        .orElseThrow();
                RecognitionOptions options = new RecognitionOptions("en", null, 0.01, false);
                long loadStart = System.nanoTime();
                Transcript warm = whisper.recognize(model, new Pcm16k(audio), options);
                long load = System.nanoTime() - loadStart;
                List<Long> times = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    whisper.recognize(model, new Pcm16k(audio), options);
                    times.add(System.nanoTime() - start);
                }
                long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
                double median = sorted[sorted.length / 2] / 1e6;
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.3f | %d |%n", shape.id(),
                        Files.size(file) / 1e6, load / 1e6 - median, median, median / 1000 / seconds,
                        warm.segments().size());
            }
        }
        try (var files = Files.walk(home)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
