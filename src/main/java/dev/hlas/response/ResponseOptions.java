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
 */
public record ResponseOptions(RequestRecord record, boolean bypassCache, BooleanSupplier clientGone) {
    private static final BooleanSupplier NEVER = () -> false;

    public ResponseOptions {
        if (clientGone == null) clientGone = NEVER;
    }

    /** No record, the cache used, departures noticed by the transport. */
    public static ResponseOptions defaults() {
        return new ResponseOptions(null, false, NEVER);
    }
}
