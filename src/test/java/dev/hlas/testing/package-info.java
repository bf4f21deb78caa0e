/** Hand-written engines and helpers for tests (and benchmarks) of the server, not of engines. */
package dev.hlas.testing;
