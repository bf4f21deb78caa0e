package dev.hlas.response;

import dev.hlas.ops.RequestRecord;

import java.util.function.BooleanSupplier;

/**
 * How a transport wants its response made.
 *
 * @param record      the request's record (metrics, logs), filled in by the pipeline; null for none
 * @param bypassCache the client asked not to use the cache
 * @param clientGone  asked while the response waits for its first audio: true once the client has left, which
 *                    cancels synthesis and frees its place at once (transports that notice departures themselves
 *                    answer false)
 * @param timingsFirst  hold each sentence's audio until its timing is known, so {@link SpeechResponse#timings()}
 *                    lists a sentence before any piece with its audio is handed out (SSE timestamps); costs the
 *                    first audio of each sentence the rest of its synthesis
 */
public record ResponseOptions(RequestRecord record, boolean bypassCache, BooleanSupplier clientGone,
                              boolean timingsFirst) {
    private static final BooleanSupplier NEVER = () -> false;

    public ResponseOptions {
        if (clientGone == null) clientGone = NEVER;
    }

    public ResponseOptions(RequestRecord record, boolean bypassCache, BooleanSupplier clientGone) {
        this(record, bypassCache, clientGone, false);
    }

    /** The same options, holding audio until its timing is known (see {@link #timingsFirst}). */
    public ResponseOptions withTimingsFirst() {
        return new ResponseOptions(record, bypassCache, clientGone, true);
    }

    /** No record, the cache used, departures noticed by the transport. */
    public static ResponseOptions defaults() {
        return new ResponseOptions(null, false, NEVER);
    }
}
