package dev.hlas.text;

import java.util.List;
import java.util.Set;

/**
 * The text stage of the pipeline: input text → sentences, each with its language and normalized text.
 */
public interface TextAnalyzer {
    /**
     * @param input     the request's text
     * @param language  a language code the caller insists on, or null / {@code auto} to detect per sentence
     * @param available language families that installed voices speak (detection chooses among these)
     * @param normalize whether to expand numbers, abbreviations etc. ({@code false} for pre-processed input)
     * @return the sentences in order; empty when the input has nothing to speak
     */
    List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize);
}
