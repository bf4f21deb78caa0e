package dev.hlas.response;

import dev.hlas.audio.AudioOutput;
import dev.hlas.audio.Encoders;
import dev.hlas.cache.CacheKey;
import dev.hlas.cache.CachedResponse;
import dev.hlas.cache.SpeechCache;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpeechService;
import dev.hlas.speech.SpeechStream;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way a request becomes audio, whatever the transport: plan (every input error is raised here, before
 * anything is sent) → cache lookup → admission (a {@link dev.hlas.error.Busy} here, before anything is sent) →
 * synthesis → audio stage → cache tee → the request's record. Transports frame the {@link SpeechResponse} this
 * returns; none of them touches an engine, the cache or an encoder.
 */
public final class ResponsePipeline {
    private final SpeechService speech;
    private final SpeechCache cache;

    public ResponsePipeline(SpeechService speech, SpeechCache cache) {
        this.speech = speech;
        this.cache = cache;
    }

    /** The speech service behind the pipeline (planning only: analysis, voices, phonemes). */
    public SpeechService speech() {
        return speech;
    }

    public SpeechCache cache() {
        return cache;
    }

    /**
     * Plans a request and starts its response.
     *
     * @throws dev.hlas.error.HlasException an input error, an unavailable voice, or a busy engine; nothing was
     *                                      synthesized then
     */
    public SpeechResponse open(SpeechRequest request, ResponseOptions options) {
        SpeechPlan plan = speech.plan(request);
        int rate = Encoders.outputRate(request.format(), request.sampleRate(), plan.nativeSampleRate());
        int characters = request.input().codePointCount(0, request.input().length());
        RequestRecord record = options.record();
        if (record != null) {
            record.speech(plan.sentences().getFirst().voice().engine().id(), String.join(",", plan.voiceIds()),
                    request.format().name().toLowerCase(Locale.ROOT), characters);
        }
        CacheKey key = CacheKey.of(plan, rate);
        Optional<CachedResponse> hit = cache.get(key, options.bypassCache());
        if (hit.isPresent()) {
            ResponseInfo info = ResponseInfo.fromMetadata(request.format(), hit.get().headers(), CacheStatus.HIT,
                    characters).withWarnings(plan.warnings());
            return new ReplayedResponse(info, hit.get(), record);
        }
        CacheStatus status = options.bypassCache() || !cache.enabled() ? CacheStatus.BYPASS : CacheStatus.MISS;
        ResponseInfo info = new ResponseInfo(request.format(), rate, List.copyOf(plan.voiceIds()),
                List.copyOf(plan.languages()), status, characters, plan.warnings());
        if (record != null) record.cache(status.wireName());
        SpeechStream stream = speech.open(plan);
        try {
            double volume = request.volume() == null ? 1.0 : request.volume();
            return new LiveResponse(info, stream, cache.recorder(key, options.bypassCache()),
                    tee -> AudioOutput.open(request.format(), rate, volume, tee), record, options.clientGone(),
                    options.timingsFirst());
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Starts a response whose text will arrive in pieces ({@link IncrementalResponse#append}); {@code settings} is
     * the request every piece is spoken with (its input is ignored). Not cached: the text is not known in advance.
     *
     * @throws dev.hlas.error.HlasException when {@code settings} names a voice that is not available
     */
    public IncrementalResponse openIncremental(SpeechRequest settings, ResponseOptions options) {
        // the voice and the engine options are checked now, not mid-speech
        speech.plan(settings.probe());
        return new IncrementalResponse(speech, settings, options.record());
    }
}
