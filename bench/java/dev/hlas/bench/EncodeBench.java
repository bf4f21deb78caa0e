package dev.hlas.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.hlas.Hlas;
import dev.hlas.audio.AudioEncoder;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.AudioOutput;
import dev.hlas.audio.Encoders;
import dev.hlas.audio.Resampler;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.PcmChunk;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechStream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.OnnxSessions;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.engine.piper.PhonemeIdMapper;
import dev.hlas.engine.piper.PiperOnnxJson;
import dev.hlas.testing.onnx.RealisticPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encode speed per response format at the default settings, on one thread, for a ~30 s English utterance
 * synthesized by espeak-ng (22.05 kHz), and the share of a request's time the audio stage (resample + gain +
 * encode) takes. All variants run round-robin in the same process, so their ratios are comparable; medians of
 * {@code runs} (default 9) after 2 warm-up rounds. Times are CPU time (the encoding thread's own; for synthesis the
 * whole process's), so a box shared with other work still gives one-core figures; wall time is printed beside.
 *
 * <p>Usage: {@code bench/run EncodeBench [runs]}
 */
public final class EncodeBench {
    /** Layers of the heavy Piper-shaped model whose CPU per second of audio is measured in the same run. */
    static final int PIPER_LAYERS = 24;
    /** A real medium Piper voice's compute per second of audio on one core (the estimate the earlier tables used). */
    static final double MEDIUM_VOICE_RTF = 0.16;

    interface Variant {
        long run(List<PcmChunk> chunks) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        String sentence = "The quick brown fox jumps over the lazy dog, and then it rests for a while in the sun. ";
        var home = Files.createTempDirectory("hlas-bench");
        try (Hlas hlas = Hlas.create(HlasConfig.defaults().withHome(home))) {
            String text = sentence.repeat(7);
            SpeechPlan plan = hlas.speech().plan(SpeechRequest.of(text, "alloy", AudioFormat.WAV));
            List<PcmChunk> chunks = null;
            long[] synth = new long[5];
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < synth.length; i++) {
                long t = os.getProcessCpuTime();
                chunks = synthesize(hlas, plan);
                synth[i] = os.getProcessCpuTime() - t;
            }
            double audioSeconds = chunks.stream().mapToDouble(PcmChunk::seconds).sum();
            double synthSeconds = median(synth) / 1e9;
            double piperRtf = piperCpuPerAudioSecond(text);

            Map<String, Variant> variants = new LinkedHashMap<>();
            for (AudioFormat f : AudioFormat.values()) {
                int rate = Encoders.outputRate(f, null, chunks.getFirst().sampleRate());
                variants.put(f.wireName() + " @ " + rate + " Hz", c -> encode(f, rate, c));
            }
            // Before: the same settings through FFmpeg's bundled codec builds.
            int mp3Rate = Encoders.outputRate(AudioFormat.MP3, null, chunks.getFirst().sampleRate());
            variants.put("mp3 @ " + mp3Rate + " Hz via FFmpeg (before)", c -> ffmpeg(AudioFormat.MP3, mp3Rate, c));
            variants.put("opus @ 48000 Hz via FFmpeg (before)", c -> ffmpeg(AudioFormat.OPUS, Encoders.OPUS_RATE, c));
            for (int complexity : new int[]{0, 3, 5}) {
                variants.put("opus complexity " + complexity, c -> opus(complexity, c));
            }
            variants.put("resample only 22050→24000", c -> resample(24000, c));
            variants.put("resample only 22050→48000", c -> resample(48000, c));

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, long[]> walls = new LinkedHashMap<>();
            variants.keySet().forEach(k -> walls.put(k, new long[runs]));
            Map<String, long[]> times = new LinkedHashMap<>();
            Map<String, Long> sizes = new LinkedHashMap<>();
            variants.keySet().forEach(k -> times.put(k, new long[runs]));
            for (int round = -2; round < runs; round++) {
                for (var e : variants.entrySet()) {
                    long wall = System.nanoTime();
                    long cpu = threads.getCurrentThreadCpuTime();
                    long bytes = e.getValue().run(chunks);
                    long elapsed = threads.getCurrentThreadCpuTime() - cpu;
                    wall = System.nanoTime() - wall;
                    if (round >= 0) {
                        times.get(e.getKey())[round] = elapsed;
                        walls.get(e.getKey())[round] = wall;
                    }
                    sizes.put(e.getKey(), bytes);
                }
            }

            System.out.printf(Locale.ROOT, "Utterance: %.1f s of espeak-ng audio at %d Hz, synthesized in %.0f ms "
                            + "CPU (median of %d). Runs: %d, one thread. Heavy Piper-shaped model: %.3f CPU s per audio s. "
                    + "Load average at the end: %.1f.%n%n",
                    audioSeconds, chunks.getFirst().sampleRate(), synthSeconds * 1000, synth.length, runs, piperRtf,
                    os.getSystemLoadAverage());
            System.out.println("| variant | output kbps | audio stage CPU ms (median) | wall ms (median) | × realtime, "
                    + "one core | share of request with espeak-ng | share of a Piper request (CPU RTF "
                    + String.format(Locale.ROOT, "%.3f", piperRtf) + ", measured) | share of a Piper request (real "
                    + "medium voice, RTF " + MEDIUM_VOICE_RTF + ") |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (var e : times.entrySet()) {
                double enc = median(e.getValue()) / 1e9;
                double kbps = sizes.get(e.getKey()) * 8 / audioSeconds / 1000;
                double piper = audioSeconds * piperRtf;
                double medium = audioSeconds * MEDIUM_VOICE_RTF;
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f× | %.1f%% | %.2f%% | %.2f%% |%n",
                        e.getKey(), kbps, enc * 1000, median(walls.get(e.getKey())) / 1e6, audioSeconds / enc,
                        100 * enc / (enc + synthSeconds), 100 * enc / (enc + piper), 100 * enc / (enc + medium));
            }
        }
    }

    /**
     * CPU seconds the heavy Piper-shaped model ({@link RealisticPiperModel}, width 1024, {@value #PIPER_LAYERS}
     * layers, one ORT thread) spends per second of audio on {@code text}'s sentences, as process CPU time.
     */
    static double piperCpuPerAudioSecond(String text) throws Exception {
        Path tmp = Files.createTempDirectory("hlas-bench-piper");
        Path model = RealisticPiperModel.write(tmp.resolve("model.onnx"), 1024, PIPER_LAYERS);
        VoiceStore store = new VoiceStore(tmp.resolve("home"));
        SyntheticPiperVoice.install(store, SyntheticPiperVoice.Spec.single("en_US-lessac-medium", "en-us", "en_US"),
                model);
        PiperOnnxJson config = PiperOnnxJson.read(store.find("en_US-lessac-medium").orElseThrow()
                .fileEndingWith(".onnx.json").orElseThrow());
        PhonemeIdMapper mapper = new PhonemeIdMapper(config);
        List<String> sentences = EspeakNative.load(null, null).phonemize(text, "en-us");
        OrtEnvironment env = OnnxSessions.environment();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (OrtSession session = OnnxSessions.open(model, OnnxSettings.defaults())) {
            long samples = 0;
            long cpu = 0;
            for (int round = 0; round < 2; round++) { // the first round warms up
                samples = 0;
                long start = os.getProcessCpuTime(); // the whole process: ORT's own threads, if any, count too
                for (String s : sentences) {
                    long[] ids = mapper.map(s).ids();
                    try (OnnxTensor in = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, ids.length});
                         OnnxTensor len = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{ids.length}),
                                 new long[]{1});
                         OnnxTensor sc = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0.667f, 1f, 0.8f}),
                                 new long[]{3});
                         OrtSession.Result r = session.run(Map.of("input", in, "input_lengths", len, "scales", sc))) {
                        samples += ((OnnxTensor) r.get(0)).getInfo().getNumElements();
                    }
                }
                cpu = os.getProcessCpuTime() - start;
            }
            return cpu / 1e9 / (samples / 22050.0);
        }
    }

    static List<PcmChunk> synthesize(Hlas hlas, SpeechPlan plan) throws InterruptedException {
        List<PcmChunk> chunks = new ArrayList<>();
        try (SpeechStream stream = hlas.speech().open(plan)) {
            for (PcmChunk c = stream.next(); c != null; c = stream.next()) chunks.add(c);
        }
        return chunks;
    }

    static long encode(AudioFormat format, int rate, List<PcmChunk> chunks) throws IOException {
        Counting out = new Counting();
        try (AudioOutput audio = AudioOutput.open(format, rate, 1.0, out)) {
            for (PcmChunk c : chunks) audio.write(c);
            audio.finish();
        }
        return out.count;
    }

    static long ffmpeg(AudioFormat format, int rate, List<PcmChunk> chunks) throws IOException {
        Counting out = new Counting();
        Resampler r = rate == chunks.getFirst().sampleRate() ? null : new Resampler(chunks.getFirst().sampleRate(), rate);
        try (AudioEncoder e = Encoders.openFfmpeg(format, rate, out)) {
            for (PcmChunk c : chunks) e.write(r == null ? c.samples() : r.process(c.samples()));
            if (r != null) e.write(r.flush());
            e.finish();
        }
        return out.count;
    }

    static long opus(int complexity, List<PcmChunk> chunks) throws IOException {
        Counting out = new Counting();
        Resampler r = new Resampler(chunks.getFirst().sampleRate(), Encoders.OPUS_RATE);
        try (AudioEncoder e = Encoders.openOpus(complexity, out)) {
            for (PcmChunk c : chunks) e.write(r.process(c.samples()));
            e.write(r.flush());
            e.finish();
        }
        return out.count;
    }

    static long resample(int rate, List<PcmChunk> chunks) {
        Resampler r = new Resampler(chunks.getFirst().sampleRate(), rate);
        long n = 0;
        for (PcmChunk c : chunks) n += r.process(c.samples()).length;
        return (n + r.flush().length) * 2;
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Counts bytes instead of keeping them. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
