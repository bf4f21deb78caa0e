package dev.hlas.engine.espeak;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/**
 * The seam of a first clause spoken on its own, on espeak-ng's real voice, judged by the waveform: the pause at the
 * seam is the pause the whole sentence makes at its comma (espeak's intonation for a comma is kept: the clause ends
 * in its mark), and the split sentence lasts as long as the whole one.
 */
class FirstClauseSeamTest {
    static final String SENTENCE = "When the first sentence of a reply is long, the listener should not wait for all "
            + "of it to be ready.";
    /** Below this (|sample| of 16-bit audio) a 10 ms frame counts as silence. */
    static final double SILENT_RMS = 300;
    static final int FRAME = 10;

    private static float[] speak(EngineVoice voice, List<Utterance> utterances) {
        List<PcmChunk> chunks = new ArrayList<>();
        for (Utterance u : utterances) voice.synthesize(u, SynthesisParams.defaults(), chunks::add);
        int n = chunks.stream().mapToInt(c -> c.samples().length).sum();
        float[] out = new float[n];
        int at = 0;
        for (PcmChunk c : chunks) {
            System.arraycopy(c.samples(), 0, out, at, c.samples().length);
            at += c.samples().length;
        }
        return out;
    }

    /** Milliseconds of each silent run between the first and last sound, in order. */
    static List<Integer> innerPauses(float[] pcm, int rate) {
        int frame = rate * FRAME / 1000;
        List<Boolean> silent = new ArrayList<>();
        for (int i = 0; i + frame <= pcm.length; i += frame) {
            double sum = 0;
            for (int j = i; j < i + frame; j++) sum += pcm[j] * 32767.0 * pcm[j] * 32767.0;
            silent.add(Math.sqrt(sum / frame) < SILENT_RMS);
        }
        int first = silent.indexOf(false);
        int last = silent.lastIndexOf(false);
        List<Integer> pauses = new ArrayList<>();
        int run = 0;
        for (int i = first; i <= last; i++) {
            if (silent.get(i)) {
                run++;
            } else {
                if (run > 0) pauses.add(run * FRAME);
                run = 0;
            }
        }
        return pauses;
    }

    @Test
    void the_seam_of_a_split_sentence_is_no_longer_than_the_comma_pause_of_the_whole_sentence() {
        EspeakNative espeak = EspeakNative.load(null, null);
        EngineVoice voice = new EspeakEngine(espeak).voice("espeak:en-us").orElseThrow();
        List<Utterance> parts = FirstChunk.CLAUSE.split(new Utterance(SENTENCE, "en"));
        assertThat(parts).hasSize(2);
        float[] whole = speak(voice, List.of(new Utterance(SENTENCE, "en")));
        float[] split = speak(voice, parts);
        int rate = espeak.sampleRate();
        List<Integer> wholePauses = innerPauses(whole, rate);
        List<Integer> splitPauses = innerPauses(split, rate);
        int commaPause = wholePauses.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int seam = splitPauses.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(commaPause).as("the whole sentence pauses at its comma").isGreaterThanOrEqualTo(100);
        assertThat(seam).as("the seam pauses like the comma, no longer, no shorter (pauses " + wholePauses + " → "
                + splitPauses + ")").isBetween(commaPause - 40, commaPause + 40);
        assertThat((double) split.length).as("the split sentence lasts as long as the whole one")
                .isCloseTo(whole.length, withPercentage(3));
    }
}
