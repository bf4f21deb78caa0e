package dev.hlas.testing;

import dev.hlas.engine.VoiceInfo;
import dev.hlas.speech.SynthesisListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records when each sentence finished synthesizing, so tests can compare with when the client got bytes. */
public final class SentenceTimeline implements SynthesisListener {
    /** One synthesized sentence. */
    public record Done(String voiceId, int index, int total, long atNanos, double audioSeconds) {
    }

    private final List<Done> done = new CopyOnWriteArrayList<>();

    @Override
    public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos, double audioSeconds) {
        done.add(new Done(voice.id(), index, total, System.nanoTime(), audioSeconds));
    }

    public List<Done> done() {
        return List.copyOf(done);
    }

    public void clear() {
        done.clear();
    }
}
