package dev.hlas.speech;

import dev.hlas.engine.Utterance;
import dev.hlas.text.Sentence;
import dev.hlas.voice.ResolvedVoice;

/**
 * One sentence of a plan and the voice that will speak it.
 *
 * @param sentence the analyzed sentence (normalized text, language, original offsets)
 * @param voice    the concrete voice
 */
public record PlannedSentence(Sentence sentence, ResolvedVoice voice) {
    public Utterance utterance() {
        return new Utterance(sentence.text(), sentence.language());
    }
}
