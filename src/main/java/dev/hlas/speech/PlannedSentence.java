package dev.hlas.speech;

import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.Utterance;
import dev.hlas.text.Sentence;
import dev.hlas.voice.ResolvedVoice;

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

    /** The whole sentence as one utterance. */
    public Utterance utterance() {
        return new Utterance(sentence.text(), sentence.language());
    }

    /** What the engine synthesizes, in order: the whole sentence, or its first clause and then the rest. */
    public List<Utterance> utterances() {
        return split.split(utterance());
    }
}
