/** Benchmarks: mains run by {@code bench/run}, results in BENCHMARKS.md. */
package dev.hlas.bench;
