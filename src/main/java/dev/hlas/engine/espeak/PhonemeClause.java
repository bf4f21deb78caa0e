package dev.hlas.engine.espeak;

/**
 * One clause as espeak-ng phonemizes it.
 *
 * @param phonemes     IPA phonemes of the clause, language-switch flags removed, no punctuation
 * @param terminator   the clause's punctuation as Piper writes it: {@code "."}, {@code "?"}, {@code "!"},
 *                     {@code ", "}, {@code ": "}, {@code "; "} or {@code ""}
 * @param endsSentence whether the clause closes a sentence
 */
public record PhonemeClause(String phonemes, String terminator, boolean endsSentence) {
}
