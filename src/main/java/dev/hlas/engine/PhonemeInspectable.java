package dev.hlas.engine;

import java.util.List;

/**
 * A voice that can show how it reads text: the phonemes and model ids of each sentence, without synthesizing. Backs
 * the {@code POST /v1/audio/phonemes} debugging extension ("why does this word sound wrong?").
 */
public interface PhonemeInspectable {
    /** Phonemizes {@code text} exactly as {@link EngineVoice#synthesize} would, one entry per model run. */
    List<PhonemeIds> phonemes(String text);

    /**
     * As {@link #phonemes(String)} for text in {@code language} (a voice whose reading depends on the text's language
     * overrides this).
     */
    default List<PhonemeIds> phonemes(String text, String language) {
        return phonemes(text);
    }

    /** Like {@link #phonemes(String)}, honouring the utterance's given phonemes where the voice takes them. */
    default List<PhonemeIds> phonemes(Utterance utterance) {
        return phonemes(utterance.text(), utterance.language());
    }
}
