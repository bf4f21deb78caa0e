/**
 * The response cache: completed speech responses (the encoded bytes) keyed by everything that changes the audio, in a
 * memory tier (Caffeine) over a size-capped, LRU-evicted disk tier whose entries are written atomically and carry a
 * checksum, so a crash or a flipped bit is detected and the entry re-synthesized, never served.
 */
package dev.hlas.cache;
