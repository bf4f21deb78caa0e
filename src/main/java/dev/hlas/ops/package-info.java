/**
 * Operations: Prometheus metrics fed by {@link dev.hlas.speech.SynthesisListener} and per-request records, the compact
 * JSON summary for the web console, and per-client concurrency limits. The only package that imports Micrometer.
 */
package dev.hlas.ops;
