/**
 * The text stage: what the user wrote → sentences an engine can read aloud.
 *
 * <p>{@link dev.hlas.text.FrontEndTextAnalyzer} runs, per request: {@code MarkupStripper} (Markdown, code fences,
 * HTML tags and emoji out, words kept, original offsets remembered) → {@code SentenceSplitter} (line breaks, list
 * items, abbreviation/ordinal/initial/decimal/URL-aware full stops, long sentences cut at clause boundaries) →
 * {@link dev.hlas.text.LanguageDetector} per sentence among the languages installed voices speak (short sentences by
 * per-language word lists first; what the sentence leaves open is decided by its neighbours, the session, a concrete
 * voice's language ({@link dev.hlas.text.LanguageContext}) and the server default; an explicit request language
 * wins; each {@link dev.hlas.text.Sentence} keeps a {@link dev.hlas.text.LanguageDecision}) → a per-language
 * normalizer ({@code CzechNormalizer}, {@code EnglishNormalizer}; other
 * languages pass through) built on {@code RuleNormalizer} and ICU RBNF number words. Each
 * {@link dev.hlas.text.Sentence} carries its normalized text and {@link dev.hlas.text.TextSpan}s mapping it back
 * into the original input. {@link dev.hlas.text.SsmlParser} (the public SSML entry point) reads SSML instead of
 * {@code MarkupStripper}; {@link dev.hlas.text.Lexicon}s from a {@link dev.hlas.text.LexiconStore} replace words
 * by aliases before normalization and mark pieces with given phonemes; both show in each sentence's
 * {@link dev.hlas.text.Delivery}. Everything is stateless per call and thread-safe.
 */
package dev.hlas.text;
