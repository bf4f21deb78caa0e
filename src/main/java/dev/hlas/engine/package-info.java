/**
 * The engine interface: every speech engine (espeak-ng, Piper, Kokoro, Supertonic, remote) lists its voices and
 * synthesizes one utterance at a time into a stream of {@link dev.hlas.engine.PcmChunk}s. Cancellation is a sink that
 * answers {@code false} between chunks, and a {@link dev.hlas.engine.Cancellation} inside a long model run; an
 * engine that knows when words are spoken reports {@link dev.hlas.engine.WordMark}s to the same sink. An
 * {@link dev.hlas.engine.EngineProvider} opens each engine from its settings and the
 * {@link dev.hlas.engine.InstalledModels} the voice store offers; engines load their models lazily. docs/ENGINES.md
 * describes each engine's contract.
 */
package dev.hlas.engine;
