/**
 * The response cache: completed speech responses (the encoded bytes) keyed by everything that changes the audio, in a
 * memory tier (Caffeine), an optional Redis tier shared by replicas ({@link dev.hlas.cache.RedisTier}, behind a
 * circuit breaker so Redis trouble never fails a request) and a size-capped, LRU-evicted disk tier. Disk and Redis
 * entries share one encoding with a checksum, so a crash or a flipped bit is detected and the entry re-synthesized,
 * never served.
 */
package dev.hlas.cache;
