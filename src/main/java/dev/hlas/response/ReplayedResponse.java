package dev.hlas.response;

import dev.hlas.cache.CachedResponse;
import dev.hlas.ops.RequestRecord;

import dev.hlas.speech.SentenceTiming;

import java.util.List;
import java.util.OptionalInt;

/** A cache hit: the stored bytes, complete and of known length, in one piece. */
final class ReplayedResponse implements SpeechResponse {
    private final ResponseInfo info;
    private final CachedResponse hit;
    private volatile boolean handedOut;

    ReplayedResponse(ResponseInfo info, CachedResponse hit, RequestRecord record) {
        this.info = info;
        this.hit = hit;
        if (record != null) {
            record.cache(CacheStatus.HIT.wireName());
            record.audioSeconds(hit.audioSeconds());
        }
    }

    @Override
    public ResponseInfo info() {
        return info;
    }

    @Override
    public OptionalInt contentLength() {
        return OptionalInt.of(hit.body().length);
    }

    @Override
    public byte[] next() {
        if (handedOut || hit.body().length == 0) return null;
        handedOut = true;
        return hit.body();
    }

    @Override
    public List<SentenceTiming> timings() {
        return TimingMetadata.get(hit.headers());
    }

    @Override
    public double audioSeconds() {
        return hit.audioSeconds();
    }

    @Override
    public void cancel() {
        handedOut = true;
    }

    @Override
    public void close() {
    }
}
