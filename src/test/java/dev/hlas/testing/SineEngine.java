package dev.hlas.testing;

import dev.hlas.engine.EngineException;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written fake engine for server tests: one voice {@code test:sine} that says every sentence as a sine tone
 * of {@code secondsPerChar} per character, and can be told to fail from the N-th sentence on. Instance switches
 * only (no static state), so tests can run in parallel.
 */
public final class SineEngine implements SpeechEngine {
    public static final String VOICE_ID = "test:sine";
    private final int sampleRate;
    private final double secondsPerChar;
    private final int failFromSentence;
    private final AtomicInteger sentences = new AtomicInteger();

    /**
     * @param failFromSentence 0-based index of the first sentence that throws, or -1 to never fail
     */
    public SineEngine(int sampleRate, double secondsPerChar, int failFromSentence) {
        this.sampleRate = sampleRate;
        this.secondsPerChar = secondsPerChar;
        this.failFromSentence = failFromSentence;
    }

    @Override
    public String id() {
        return "test";
    }

    private VoiceInfo info() {
        return new VoiceInfo(VOICE_ID, "Test sine", "test", List.of("en", "cs"), sampleRate, Gender.NEUTRAL, "CC0");
    }

    @Override
    public List<VoiceInfo> voices() {
        return List.of(info());
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        if (!voiceId.equals(VOICE_ID)) return Optional.empty();
        return Optional.of(new EngineVoice() {
            @Override
            public VoiceInfo info() {
                return SineEngine.this.info();
            }

            @Override
            public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
                int index = sentences.getAndIncrement();
                if (failFromSentence >= 0 && index >= failFromSentence) {
                    throw new EngineException("test engine told to fail at sentence " + index);
                }
                int n = (int) (utterance.text().length() * secondsPerChar / params.speed() * sampleRate);
                float[] samples = new float[n];
                for (int i = 0; i < n; i++) samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
                sink.accept(new PcmChunk(samples, sampleRate));
            }
        });
    }

    /** Sentences synthesized (or attempted) so far. */
    public int sentences() {
        return sentences.get();
    }
}
