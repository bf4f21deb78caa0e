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
    default List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize) {
        return analyze(input, language, available, normalize, LanguageContext.NONE);
    }

    /**
     * As {@link #analyze(String, String, Set, boolean)}, with what the request knows about its language besides
     * its text (the concrete voice's language, the session's), for sentences too short to decide themselves.
     */
    List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize,
                           LanguageContext context);

    /**
     * As {@link #analyze(String, String, Set, boolean, LanguageContext)}, with lexicons applied and SSML read.
     * Analyzers without lexicon or SSML support ignore {@code options}.
     */
    default List<Sentence> analyze(String input, String language, Set<String> available, boolean normalize,
                                   LanguageContext context, TextOptions options) {
        return analyze(input, language, available, normalize, context);
    }
}
