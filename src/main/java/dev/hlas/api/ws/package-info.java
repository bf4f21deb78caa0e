/**
 * The streaming WebSocket transport, {@code WS /v1/audio/speech/stream}, for voice agents: JSON text frames carry
 * text deltas in and audio (base64, or binary frames) out, sentence by sentence as soon as each sentence is complete,
 * each sentence announced ({@code sentence}) and, once synthesized, its words with their times ({@code words}), with
 * barge-in ({@code cancel}). {@link dev.hlas.api.ws.SpeechSocket} registers the route and checks keys and limits;
 * each connection is a {@link dev.hlas.api.ws.StreamSession}, each flushed piece of speech an
 * {@link dev.hlas.api.ws.Utterance} made by the {@link dev.hlas.response.ResponsePipeline} like any HTTP request.
 * The protocol is described in {@code docs/websocket.md}.
 */
package dev.hlas.api.ws;
