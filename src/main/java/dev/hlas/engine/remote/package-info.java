/**
 * The {@code remote} engine: voices of other OpenAI-compatible speech servers (another Hlas, Kokoro-FastAPI,
 * openedai-speech, OpenAI itself), configured by an upstreams file ({@link dev.hlas.engine.remote.UpstreamsFile}).
 * Each sentence (or a whole input, for upstreams that split text themselves) is fetched as PCM or WAV
 * ({@link dev.hlas.engine.remote.UpstreamAudio}) and streamed into the pipeline like a local engine's audio; an upstream
 * that fails before a sentence's first sample is replaced by the next candidate, within the request's deadline. Every
 * upstream is probed periodically ({@link dev.hlas.engine.remote.UpstreamState} holds its breaker, load, probe results
 * and listed voices). Transcription requests for the models of {@code stt:} sections are relayed, with the same
 * candidates and failover, by {@code RemoteTranscriptions}. Keys never leave this package except in the {@code Authorization} header. docs/gateway.md
 * describes the file and the behaviour.
 */
package dev.hlas.engine.remote;
