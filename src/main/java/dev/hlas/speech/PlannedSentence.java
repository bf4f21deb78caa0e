package dev.hlas.speech;

import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.PhonemeSpan;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.text.GivenPhonemes;
import dev.hlas.text.Sentence;
import dev.hlas.voice.ResolvedVoice;

import java.util.ArrayList;
import java.util.List;

/**
 * One sentence of a plan and the voice that will speak it.
 *
 * @param sentence the analyzed sentence (normalized text, language, original offsets)
 * @param voice    the concrete voice
 * @param split    how the sentence is cut into model runs: {@link FirstChunk#CLAUSE} only on the first sentence of a
 *                 response when the server cuts first clauses, else {@link FirstChunk#SENTENCE}
 */
public record PlannedSentence(Sentence sentence, ResolvedVoice voice, FirstChunk split) {
    public PlannedSentence {
        if (split == null) split = FirstChunk.SENTENCE;
    }

    /** A sentence synthesized whole. */
    public PlannedSentence(Sentence sentence, ResolvedVoice voice) {
        this(sentence, voice, FirstChunk.SENTENCE);
    }

    /** The same sentence synthesized whole: a text that arrives in pieces cuts only its first sentence. */
    public PlannedSentence whole() {
        return split == FirstChunk.SENTENCE ? this : new PlannedSentence(sentence, voice, FirstChunk.SENTENCE);
    }

    /** What the engine synthesizes, in order: the whole sentence, or its first clause and then the rest. */
    public List<Utterance> utterances() {
        return split.split(utterance());
    }

    /**
     * What the engine is given: the sentence's text and, for a voice that takes phonemes, the pieces whose phonemes
     * are given. A voice that does not take phonemes reads each such piece's alias when it has one, else the text.
     */
    public Utterance utterance() {
        List<GivenPhonemes> given = sentence.delivery().phonemes();
        if (given.isEmpty()) return new Utterance(sentence.text(), sentence.language());
        if (voice.voice().takesPhonemes()) {
            List<PhonemeSpan> spans = new ArrayList<>(given.size());
            for (GivenPhonemes g : given) spans.add(new PhonemeSpan(g.start(), g.end(), g.phonemes()));
            return new Utterance(sentence.text(), sentence.language(), spans);
        }
        StringBuilder text = new StringBuilder(sentence.text());
        for (GivenPhonemes g : given.reversed()) {
            if (g.alias() != null) text.replace(g.start(), g.end(), g.alias());
        }
        return new Utterance(text.toString(), sentence.language());
    }

    /** Phoneme pieces this sentence's voice can honour neither by phonemes nor by an alias (read as written). */
    public List<GivenPhonemes> unsupportedPhonemes() {
        if (voice.voice().takesPhonemes()) return List.of();
        return sentence.delivery().phonemes().stream().filter(g -> g.alias() == null).toList();
    }

    /** The request's synthesis settings with this sentence's relative rate (SSML {@code <prosody rate>}) applied. */
    public SynthesisParams params(SynthesisParams request) {
        double rate = sentence.delivery().rate();
        if (rate == 1.0) return request;
        double speed = Math.max(SynthesisParams.MIN_SPEED, Math.min(SynthesisParams.MAX_SPEED, request.speed() * rate));
        return new SynthesisParams(speed, request.noiseScale(), request.noiseW(), request.totalSteps(),
                request.speaker());
    }
}
