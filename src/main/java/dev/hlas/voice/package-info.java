/**
 * The voices stage: which concrete voice speaks each sentence (voice ids, short names, and OpenAI's names through
 * the alias table in {@code aliases.json}); catalog, store and downloads in {@code voice.store}. Depends on the
 * engine interface only, never on a particular engine.
 */
package dev.hlas.voice;
