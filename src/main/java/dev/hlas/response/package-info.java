/**
 * The response pipeline, one for every transport: a {@link dev.hlas.speech.SpeechRequest} goes in; planning, the
 * cache (memory, then disk), admission, synthesis, the audio stage (resample, gain, one encoder) and the request's
 * record happen here; encoded audio pieces plus the response's metadata come out. HTTP (plain and SSE), the CLI and
 * later transports only frame what {@link dev.hlas.response.SpeechResponse} hands them, and cancel it when their
 * client leaves. A response also lists its sentences' word timings, stored with its cache entry.
 */
package dev.hlas.response;
