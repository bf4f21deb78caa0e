/**
 * Long-form speech jobs: a text too long for one request (a chapter, a book) is cut into its sentences at creation,
 * each sentence is rendered through the one {@link dev.hlas.response.ResponsePipeline} as raw PCM and kept on disk
 * as soon as it is done, and the pieces are encoded into one file when all are there. A job lives in its own
 * directory under {@code HLAS_HOME/jobs}, so a restarted server resumes every unfinished job at its first missing
 * sentence. The HTTP routes ({@code /v1/audio/speech/jobs}) are in {@code api}; this package knows no transport.
 */
package dev.hlas.jobs;
