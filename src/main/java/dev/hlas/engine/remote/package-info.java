/**
 * The {@code remote} engine: voices of other OpenAI-compatible speech servers (another Hlas, Kokoro-FastAPI,
 * openedai-speech, OpenAI itself), configured by an upstreams file ({@link dev.hlas.engine.remote.UpstreamsFile}).
 * Each sentence is fetched as 24 kHz PCM and streamed into the pipeline like a local engine's audio; an upstream that
 * fails before a sentence's first sample is replaced by the next candidate. Keys never leave this package except in
 * the {@code Authorization} header. docs/gateway.md describes the file and the behaviour.
 */
package dev.hlas.engine.remote;
