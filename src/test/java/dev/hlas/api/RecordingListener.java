package dev.hlas.api;

import dev.hlas.engine.VoiceInfo;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SynthesisListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/** Records what the server synthesized per stream: seconds of PCM, when synthesis ended, whether it completed. */
final class RecordingListener implements SynthesisListener {
    /** One finished stream. */
    record Ended(String input, double seconds, long endedNanos, boolean completed) {
    }

    private final Map<SpeechPlan, DoubleAdder> seconds = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Ended> ended = new LinkedBlockingQueue<>();

    @Override
    public void streamStarted(SpeechPlan plan) {
        seconds.put(plan, new DoubleAdder());
    }

    @Override
    public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos, double audioSeconds) {
        // Streams in these tests run one at a time, so the only open stream is the one this sentence belongs to.
        seconds.values().forEach(a -> a.add(audioSeconds));
    }

    @Override
    public void streamEnded(SpeechPlan plan, boolean completed) {
        DoubleAdder s = seconds.remove(plan);
        ended.add(new Ended(plan.request().input(), s == null ? 0 : s.sum(), System.nanoTime(), completed));
    }

    void clear() {
        ended.clear();
    }

    /** The next stream to end (waits up to 10 s). */
    Ended next() throws InterruptedException {
        Ended e = ended.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no stream ended within 10 s");
        return e;
    }
}
