/**
 * The engine interface: every speech engine (espeak-ng, Piper, Kokoro, Supertonic, remote) lists its voices and
 * synthesizes one utterance at a time into a stream of {@link dev.hlas.engine.PcmChunk}s. Cancellation is a sink that
 * answers {@code false}.
 */
package dev.hlas.engine;
