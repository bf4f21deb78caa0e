package dev.hlas.speech;

import dev.hlas.text.GivenPhonemes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a request will do, decided before any audio is produced (so every input error is still a clean 4xx).
 *
 * @param request   the request
 * @param sentences sentences in order, each with its voice
 * @param lexicons  the pronunciation lexicons applied, as {@code name@version} (cached audio is keyed on them)
 */
public record SpeechPlan(SpeechRequest request, List<PlannedSentence> sentences, List<String> lexicons) {
    public SpeechPlan {
        sentences = List.copyOf(sentences);
        lexicons = List.copyOf(lexicons == null ? List.of() : lexicons);
        if (sentences.isEmpty()) throw new IllegalArgumentException("a plan needs at least one sentence");
    }

    /** A plan without lexicons. */
    public SpeechPlan(SpeechRequest request, List<PlannedSentence> sentences) {
        this(request, sentences, List.of());
    }

    /**
     * What the request asked for that will not be done exactly (SSML elements not interpreted, phoneme entries a
     * voice cannot honour), each once, in order.
     */
    public List<String> warnings() {
        Set<String> out = new LinkedHashSet<>();
        for (PlannedSentence s : sentences) {
            out.addAll(s.sentence().delivery().warnings());
            for (GivenPhonemes g : s.unsupportedPhonemes()) {
                out.add("phonemes for \"" + s.sentence().text().substring(g.start(), g.end()) + "\" ("
                        + g.source() + ") not supported by voice " + s.voice().id() + ", read as written");
            }
        }
        return List.copyOf(out);
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
