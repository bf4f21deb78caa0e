/**
 * The speech pipeline: requests, plans and the stream of audio they produce, with each sentence's word timings
 * ({@link dev.hlas.speech.SentenceTiming}, {@link dev.hlas.speech.SpokenWord}: what the user wrote, how it was read,
 * when it is heard) after its audio. docs/captions.md describes where timings come from.
 */
package dev.hlas.speech;
