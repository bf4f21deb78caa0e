package dev.hlas.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.engine.RequestScope;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A voice of an upstream. Each sentence (or, with {@code split: upstream}, the request's whole text) is POSTed to
 * {@code /v1/audio/speech} as {@code pcm} (or {@code wav}) and the body is handed on as it arrives, so the gateway's
 * own encoders, SSE, cache and metrics treat it like a local voice.
 *
 * <p>Failover: until the first sample of a sentence has been handed on, a refused or failed connection, a timeout,
 * a 5xx, 401/403, 408 or 429, or an unreadable body moves on to the next candidate upstream (one that serves the voice
 * name and speaks the sentence's language); a candidate at its {@code max_concurrent} is passed over the same way.
 * No candidate is started after the request's deadline, and none is waited on past it. Once audio has been handed on,
 * a failure is an {@link EngineFailure}: audio never repeats. An upstream's own 4xx about the request (bad input) is
 * passed on as an invalid request naming the upstream.
 */
final class RemoteVoice implements EngineVoice {
    private static final Logger log = LoggerFactory.getLogger(RemoteVoice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private final VoiceInfo info;
    private final Upstream primary;
    private final String voice;
    private final RemoteEngine engine;
    private final HttpClient http;

    RemoteVoice(VoiceInfo info, Upstream primary, String voice, RemoteEngine engine) {
        this.info = info;
        this.primary = primary;
        this.voice = voice;
        this.engine = engine;
        this.http = engine.http();
    }

    @Override
    public VoiceInfo info() {
        return info;
    }

    @Override
    public String modelVersion() {
        return "remote:" + primary.name() + ":" + primary.model();
    }

    @Override
    public boolean wholeInput() {
        return primary.wholeInput();
    }

    @Override
    public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
        RequestScope scope = RequestScope.current();
        List<String> failures = new ArrayList<>();
        List<UpstreamState> busy = new ArrayList<>();
        for (UpstreamState state : engine.candidates(primary, voice, utterance.language(), scope)) {
            if (scope.nanosLeft() <= 0) {
                failures.add(state.upstream() + " was not tried: the request's deadline had passed");
                continue;
            }
            if (!state.tryEnter()) {
                busy.add(state);
                continue;
            }
            if (tryOn(state, utterance, params, sink, failures)) return;
        }
        // Every candidate failed or was full: wait for a place on a full one, as long as the deadline allows.
        for (UpstreamState state : busy) {
            long wait = Math.min(state.upstream().timeout().toNanos(), scope.nanosLeft());
            if (wait > 0 && state.enter(wait)) {
                if (tryOn(state, utterance, params, sink, failures)) return;
            } else {
                failures.add(state.upstream() + " was busy: " + state.upstream().maxConcurrent()
                        + " requests in flight (its max_concurrent)");
            }
        }
        throw HlasException.unavailable("Voice '" + info.id() + "' is unavailable: " + String.join("; ", failures));
    }

    /** One attempt on an upstream whose place was taken: true when the sentence was spoken (or the sink stopped). */
    private boolean tryOn(UpstreamState state, Utterance utterance, SynthesisParams params, PcmSink sink,
                          List<String> failures) {
        Upstream upstream = state.upstream();
        String failure;
        try {
            failure = attempt(state, utterance, params, sink);
        } catch (EngineFailure e) {
            if (!Thread.currentThread().isInterrupted()) engine.failed(upstream, true, e.getMessage());
            throw e;
        } finally {
            state.leave();
        }
        if (failure == null) return true;
        if (Thread.currentThread().isInterrupted()) {
            // The request was cancelled while waiting: not the upstream's fault, and no one to fail over for.
            throw new EngineFailure("Cancelled while waiting for " + upstream);
        }
        engine.failed(upstream, false, failure);
        RequestScope.current().markFailed(RemoteEngine.scopeKey(upstream));
        failures.add(upstream + " " + failure);
        log.warn("{} failed for voice {} before any audio: {}", upstream, info.id(), failure);
        return false;
    }

    /** One try: null when the sentence was spoken (or the sink stopped), else why this upstream failed before audio. */
    private String attempt(UpstreamState state, Utterance utterance, SynthesisParams params, PcmSink sink) {
        Upstream upstream = state.upstream();
        RequestScope scope = RequestScope.current();
        long left = scope.nanosLeft();
        boolean deadlineFirst = left < upstream.timeout().toNanos();
        Duration timeout = deadlineFirst ? Duration.ofNanos(Math.max(1_000_000, left)) : upstream.timeout();
        String late = deadlineFirst ? "did not answer before the request's deadline"
                : "did not answer within " + seconds(upstream);
        HttpResponse<InputStream> response;
        long start = System.nanoTime();
        try {
            response = http.send(request(upstream, utterance, params, timeout), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return deadlineFirst ? late : "did not accept the connection within " + seconds(upstream);
        } catch (HttpTimeoutException e) {
            return late;
        } catch (ConnectException e) {
            return "refused the connection";
        } catch (IOException e) {
            return "failed (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineFailure("Interrupted while waiting for " + upstream);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                UpstreamError error = error(upstream, body);
                if (status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
                    return "answered HTTP " + status + (error.message().isEmpty() ? "" : ": " + error.message());
                }
                state.succeeded((System.nanoTime() - start) / 1_000_000);
                throw HlasException.invalid(error.param(), "Upstream '" + upstream.name() + "' refused the request: "
                        + (error.message().isEmpty() ? "HTTP " + status : error.message()));
            }
            StallGuard guarded = new StallGuard(body, engine.watchdog(), timeout.toMillis());
            return stream(state, guarded, sink, start, deadlineFirst);
        } catch (IOException e) {
            return "failed while closing (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Hands the audio body on; null when done, a failure when nothing was handed on yet; throws after that. */
    private String stream(UpstreamState state, StallGuard body, PcmSink sink, long start, boolean deadlineFirst) {
        Upstream upstream = state.upstream();
        UpstreamAudio audio = upstream.audio() == Upstream.Audio.WAV ? UpstreamAudio.wav(body)
                : UpstreamAudio.pcm(body, upstream.sampleRate());
        boolean started = false;
        while (true) {
            float[] samples;
            try {
                samples = audio.read();
            } catch (UpstreamAudio.BadAudio e) {
                if (!started) return e.getMessage();
                throw new EngineFailure(upstream + " " + e.getMessage());
            } catch (IOException e) {
                String why = body.stalled()
                        ? (deadlineFirst && !started ? "sent no audio before the request's deadline"
                        : "stopped sending audio for " + seconds(upstream))
                        : "broke the connection (" + e.getClass().getSimpleName() + ")";
                if (!started) return why;
                throw new EngineFailure(upstream + " " + why + " in the middle of a sentence");
            }
            if (samples == null) {
                if (!started) return "sent no audio";
                return null;
            }
            if (samples.length > 0) {
                if (!started) state.succeeded((System.nanoTime() - start) / 1_000_000);
                started = true;
                if (!sink.accept(new PcmChunk(samples, audio.sampleRate()))) return null;
            }
        }
    }

    private HttpRequest request(Upstream upstream, Utterance utterance, SynthesisParams params, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", upstream.model());
        body.put("input", utterance.text());
        body.put("voice", voice);
        body.put("response_format", upstream.audio() == Upstream.Audio.WAV ? "wav" : "pcm");
        if (params.speed() != 1.0) body.put("speed", params.speed());
        // Hlas takes the pcm rate as a request field; OpenAI-style servers have one fixed rate (declared in the file).
        if (upstream.kind() == Upstream.Kind.HLAS && upstream.audio() == Upstream.Audio.PCM
                && upstream.sampleRate() != RemoteEngine.SAMPLE_RATE) {
            body.put("sample_rate", upstream.sampleRate());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + "/v1/audio/speech"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (upstream.apiKey() != null) request.header("Authorization", "Bearer " + upstream.apiKey());
        return request.build();
    }

    /** What an upstream said about a failure, scrubbed of keys and its URL. */
    private record UpstreamError(String message, String param) {
    }

    private UpstreamError error(Upstream upstream, InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_ERROR_BYTES);
            String message = "";
            String param = null;
            try {
                JsonNode error = JSON.readTree(bytes).path("error");
                message = error.path("message").asText("");
                param = error.path("param").isTextual() ? error.path("param").asText() : null;
            } catch (IOException notJson) {
                message = "";
            }
            return new UpstreamError(engine.scrub(upstream, message), param);
        } catch (IOException e) {
            return new UpstreamError("", null);
        }
    }

    private static String seconds(Upstream upstream) {
        return upstream.timeout().toMillis() / 1000.0 + " s";
    }
}
