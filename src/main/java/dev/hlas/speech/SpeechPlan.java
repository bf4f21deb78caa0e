package dev.hlas.speech;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a request will do, decided before any audio is produced (so every input error is still a clean 4xx).
 *
 * @param request   the request
 * @param sentences sentences in order, each with its voice
 */
public record SpeechPlan(SpeechRequest request, List<PlannedSentence> sentences) {
    public SpeechPlan {
        sentences = List.copyOf(sentences);
        if (sentences.isEmpty()) throw new IllegalArgumentException("a plan needs at least one sentence");
    }

    /** Native rate of the first sentence's voice: the rate audio is produced at unless the request says otherwise. */
    public int nativeSampleRate() {
        return sentences.getFirst().voice().voice().info().sampleRate();
    }

    /** Ids of the voices used, in order of first use. */
    public Set<String> voiceIds() {
        Set<String> ids = new LinkedHashSet<>();
        sentences.forEach(s -> ids.add(s.voice().id()));
        return ids;
    }

    /** Languages used, in order of first use. */
    public Set<String> languages() {
        Set<String> langs = new LinkedHashSet<>();
        sentences.forEach(s -> langs.add(s.sentence().language()));
        return langs;
    }
}
