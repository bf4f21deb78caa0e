/**
 * Hlas: a self-hosted, OpenAI-compatible text-to-speech server. {@link dev.hlas.Hlas} is the composition root; the
 * pipeline stages live in {@code text}, {@code voice}, {@code engine}, {@code audio} and {@code speech}; transports
 * in {@code api} and {@code cli}.
 */
package dev.hlas;
