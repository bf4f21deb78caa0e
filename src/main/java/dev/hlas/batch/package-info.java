/**
 * Batch rendering: a file of rows (JSON Lines or CSV), each a speech request, rendered to one audio file per row with
 * a manifest, resumable, in parallel. Rows are validated by the same rules as an HTTP body
 * ({@link dev.hlas.api.SpeechRequestParser}); audio comes either from the in-process response pipeline (cache
 * included) or from a running server. Nothing here touches an engine or an encoder.
 */
package dev.hlas.batch;
