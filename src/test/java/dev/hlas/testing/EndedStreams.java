package dev.hlas.testing;

import dev.hlas.engine.VoiceInfo;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SynthesisListener;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Records every stream that ended, in order: its input, the seconds of PCM synthesized for it, when it ended and
 * whether it completed. {@link #next()} is the signal that a stream's synthesis is over.
 */
public final class EndedStreams implements SynthesisListener {
    /** One finished stream. */
    public record Ended(String input, double seconds, long endedNanos, boolean completed) {
    }

    private final Map<SpeechPlan, DoubleAdder> seconds = Collections.synchronizedMap(new IdentityHashMap<>());
    private final LinkedBlockingQueue<Ended> ended = new LinkedBlockingQueue<>();

    @Override
    public void streamStarted(SpeechPlan plan) {
        seconds.put(plan, new DoubleAdder());
    }

    @Override
    public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos, double audioSeconds) {
        // The listener is not told which stream a sentence belongs to. Tests that read seconds run one stream at a
        // time, so the open stream is the one this sentence belongs to.
        synchronized (seconds) {
            seconds.values().forEach(a -> a.add(audioSeconds));
        }
    }

    @Override
    public void streamEnded(SpeechPlan plan, boolean completed) {
        DoubleAdder s = seconds.remove(plan);
        ended.add(new Ended(plan.request().input(), s == null ? 0 : s.sum(), System.nanoTime(), completed));
    }

    /** How many ended streams were recorded and not taken yet. */
    public int size() {
        return ended.size();
    }

    public void clear() {
        ended.clear();
    }

    /** The next stream to end (waits up to {@link Await#DEFAULT_TIMEOUT}). */
    public Ended next() throws InterruptedException {
        Ended e = ended.poll(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) throw new AssertionError("no stream ended within " + Await.DEFAULT_TIMEOUT.toSeconds() + " s");
        return e;
    }
}
