/**
 * Speech to text: the recognizer interface every speech recognition engine implements ({@link dev.hlas.stt.Recognizer},
 * engines in sub-packages such as {@code stt.whisper}), the transcription service that decodes an upload, admits it
 * on the recognizers' own worker pool and runs it, and the transcript's response formats. Transports (HTTP, CLI) call
 * {@link dev.hlas.stt.TranscriptionService}; it calls a recognizer; nothing here knows a transport.
 */
package dev.hlas.stt;
