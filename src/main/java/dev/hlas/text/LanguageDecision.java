package dev.hlas.text;

import java.util.Locale;

/**
 * The language chosen for one sentence, and why.
 *
 * @param language   the language the sentence is read in
 * @param confidence how sure the detector was of its own best guess, 0–1 (0.5 and above: the sentence decided
 *                   itself); for a sentence decided by context this is the detector's weak confidence, not the
 *                   context's
 * @param detected   the detector's best guess, or null when the sentence had no evidence at all
 * @param source     what decided
 */
public record LanguageDecision(String language, double confidence, String detected, Source source) {
    /** What decided a sentence's language, in the order they are asked. */
    public enum Source {
        /** The sentence's own words and letters. */
        DETECTOR,
        /** The nearest sentence of the same request (or session) that decided itself. */
        NEIGHBOURS,
        /** The language of the concrete voice the request named. */
        VOICE,
        /** The request's {@code lang}. */
        REQUEST,
        /** The server's default language. */
        DEFAULT,
        /** SSML: {@code <lang xml:lang>} around the sentence. */
        MARKUP;

        /** The name shown by {@code /v1/text/analyze}: {@code detector}, {@code neighbours}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LanguageDecision {
        if (language == null || language.isBlank()) throw new IllegalArgumentException("language must be set");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be 0–1");
        if (source == null) throw new IllegalArgumentException("source must be set");
    }

    /** A language given from outside, without detection (the request's {@code lang}, or a caller's choice). */
    public static LanguageDecision given(String language, Source source) {
        return new LanguageDecision(language, 1, null, source);
    }
}
