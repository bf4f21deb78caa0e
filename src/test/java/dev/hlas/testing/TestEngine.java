package dev.hlas.testing;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.EngineFailure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic engine for server tests: one voice ({@code <id>-voice}, English, 22.05 kHz) that turns each
 * utterance into a sine tone whose pitch depends on the text, in {@code chunksPerUtterance} chunks of
 * {@code chunkSeconds}. Instance switches make it slow (sleep or burn CPU per chunk) or hold every synthesis until
 * {@link #release()}. Counts calls and running syntheses so tests can see whether it was touched.
 */
public final class TestEngine implements SpeechEngine {
    public static final int SAMPLE_RATE = 22_050;
    private final String id;
    private final int parallelism;
    private final VoiceInfo info;
    private final int rate;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final List<Utterance> heard = new CopyOnWriteArrayList<>();
    private volatile int chunksPerUtterance = 2;
    private volatile double chunkSeconds = 0.1;
    private volatile Duration sleepPerChunk = Duration.ZERO;
    private volatile double cpuRtf;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int failFrom = -1;
    private volatile int holdFrom = -1;

    public TestEngine(String id, int parallelism) {
        this(id, parallelism, List.of("en-us", "en"), SAMPLE_RATE);
    }

    /** An engine whose one voice speaks {@code languages} at {@code sampleRate}. */
    public TestEngine(String id, int parallelism, List<String> languages, int sampleRate) {
        this.id = id;
        this.parallelism = parallelism;
        this.rate = sampleRate;
        this.info = new VoiceInfo(id + "-voice", "Test " + id, id, languages, sampleRate, Gender.FEMALE, "CC0-1.0");
    }

    /** Voice id requests name. */
    public String voiceId() {
        return info.id();
    }

    /** Shapes the audio: {@code chunks} chunks of {@code seconds} per utterance. */
    public TestEngine chunks(int chunks, double seconds) {
        chunksPerUtterance = chunks;
        chunkSeconds = seconds;
        return this;
    }

    /** Sleeps this long before each chunk (an engine waiting on something, no CPU). */
    public TestEngine sleepPerChunk(Duration d) {
        sleepPerChunk = d;
        return this;
    }

    /**
     * Burns {@code rtf} × the chunk's audio seconds of this thread's CPU time before each chunk (a model of realistic
     * compute: one core per synthesis, slower when cores are shared).
     */
    public TestEngine cpuRtf(double rtf) {
        cpuRtf = rtf;
        return this;
    }

    /** From now on every synthesis waits (before its first chunk) until {@link #release()}. */
    public TestEngine hold() {
        holdFrom = -1;
        gate = new CountDownLatch(1);
        return this;
    }

    /** Lets held syntheses go on. */
    public void release() {
        gate.countDown();
    }

    /**
     * The next {@code free} utterances run freely; every later one waits before its first chunk until
     * {@link #release()} (the audio of a first sentence while the next one is held).
     */
    public TestEngine holdAfter(int free) {
        gate = new CountDownLatch(1);
        holdFrom = calls.get() + free;
        return this;
    }

    /** Every utterance from the {@code index}-th (0-based, counting from creation) on throws an engine failure. */
    public TestEngine failFrom(int index) {
        failFrom = index;
        return this;
    }

    /** The utterances synthesized (started) since creation, in order. */
    public List<Utterance> heard() {
        return List.copyOf(heard);
    }

    /** Utterances synthesized (started) since creation. */
    public int calls() {
        return calls.get();
    }

    /** Syntheses running now (inside {@code synthesize}). */
    public int running() {
        return running.get();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<VoiceInfo> voices() {
        return List.of(info);
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        return info.id().equals(voiceId) ? Optional.of(new Voice()) : Optional.empty();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    private final class Voice implements EngineVoice {
        @Override
        public VoiceInfo info() {
            return info;
        }

        @Override
        public String modelVersion() {
            return "test-1";
        }

        @Override
        public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
            heard.add(utterance);
            int index = calls.getAndIncrement();
            if (failFrom >= 0 && index >= failFrom) {
                throw new EngineFailure("test engine told to fail at utterance " + index);
            }
            running.incrementAndGet();
            try {
                if ((holdFrom < 0 || index >= holdFrom) && !gate.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("test gate never released");
                double hz = 200 + Math.floorMod(utterance.text().hashCode(), 400);
                int n = (int) Math.round(chunkSeconds / params.speed() * rate);
                long sample = 0;
                for (int c = 0; c < chunksPerUtterance; c++) {
                    work(n / (double) rate);
                    float[] pcm = new float[n];
                    for (int i = 0; i < n; i++, sample++) {
                        pcm[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * sample / rate));
                    }
                    if (!sink.accept(new PcmChunk(pcm, rate))) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        private void work(double audioSeconds) throws InterruptedException {
            Duration sleep = sleepPerChunk;
            if (!sleep.isZero()) Thread.sleep(sleep);
            double rtf = cpuRtf;
            if (rtf > 0) {
                // CPU time, not wall time: on a contended box the work takes longer, as real inference would.
                var threads = ManagementFactory.getThreadMXBean();
                long end = threads.getCurrentThreadCpuTime() + (long) (rtf * audioSeconds * 1e9);
                double x = 1;
                while (threads.getCurrentThreadCpuTime() < end) {
                    for (int i = 0; i < 1000; i++) x = Math.sin(x) + 1.0000001;
                }
                if (x == 42) System.out.print(""); // keep the loop from being optimized away
            }
        }
    }
}
