package dev.hlas.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A voice of an upstream. Each sentence is POSTed to {@code /v1/audio/speech} as {@code pcm} and the body is handed
 * on as it arrives, so the gateway's own encoders, SSE, cache and metrics treat it like a local voice.
 *
 * <p>Failover: until the first sample of a sentence has been handed on, a refused or failed connection, a timeout,
 * a 5xx, 401/403, 408 or 429 moves on to the next candidate upstream (one that serves the voice name and speaks the
 * sentence's language). Once audio has been handed on, a failure is an {@link EngineFailure}: audio never repeats.
 * An upstream's own 4xx about the request (bad input) is passed on as an invalid request naming the upstream.
 */
final class RemoteVoice implements EngineVoice {
    private static final Logger log = LoggerFactory.getLogger(RemoteVoice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_BYTES = 8192;
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private final VoiceInfo info;
    private final Upstream primary;
    private final String voice;
    private final List<Upstream> candidates;
    private final RemoteEngine engine;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;

    RemoteVoice(VoiceInfo info, Upstream primary, String voice, List<Upstream> candidates, RemoteEngine engine) {
        this.info = info;
        this.primary = primary;
        this.voice = voice;
        this.candidates = candidates;
        this.engine = engine;
        this.http = engine.http();
        this.watchdog = engine.watchdog();
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
    public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
        List<String> failures = new ArrayList<>();
        for (Upstream upstream : engine.healthyFirst(candidates)) {
            if (upstream != primary && !upstream.speaks(utterance.language())) continue;
            String failure;
            try {
                failure = attempt(upstream, utterance, params, sink);
            } catch (EngineFailure e) {
                if (!Thread.currentThread().isInterrupted()) engine.failed(upstream, true);
                throw e;
            }
            if (failure == null) return;
            if (Thread.currentThread().isInterrupted()) {
                // The request was cancelled while waiting: not the upstream's fault, and no one to fail over for.
                throw new EngineFailure("Cancelled while waiting for " + upstream);
            }
            engine.failed(upstream, false);
            failures.add(upstream + " " + failure);
            log.warn("{} failed for voice {} before any audio: {}", upstream, info.id(), failure);
        }
        throw HlasException.unavailable("Voice '" + info.id() + "' is unavailable: " + String.join("; ", failures));
    }

    /** One try: null when the sentence was spoken (or the sink stopped), else why this upstream failed before audio. */
    private String attempt(Upstream upstream, Utterance utterance, SynthesisParams params, PcmSink sink) {
        HttpResponse<InputStream> response;
        long start = System.nanoTime();
        try {
            response = http.send(request(upstream, utterance, params), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return "did not accept the connection within " + seconds(upstream);
        } catch (HttpTimeoutException e) {
            return "did not answer within " + seconds(upstream);
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
                engine.breaker(upstream).succeeded((System.nanoTime() - start) / 1_000_000);
                throw HlasException.invalid(error.param(), "Upstream '" + upstream.name() + "' refused the request: "
                        + (error.message().isEmpty() ? "HTTP " + status : error.message()));
            }
            return stream(upstream, body, sink, start);
        } catch (IOException e) {
            return "failed while closing (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Hands the PCM body on; null when done, a failure when nothing was handed on yet; throws after that. */
    private String stream(Upstream upstream, InputStream body, PcmSink sink, long start) {
        byte[] buffer = new byte[READ_BYTES + 1];
        int carry = 0; // an odd byte left from the last read
        boolean started = false;
        AtomicBoolean idle = new AtomicBoolean();
        while (true) {
            int n;
            ScheduledFuture<?> guard = watchdog.schedule(() -> {
                idle.set(true);
                closeQuietly(body);
            }, upstream.timeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                n = body.read(buffer, carry, READ_BYTES);
            } catch (IOException e) {
                String why = idle.get() ? "stopped sending audio for " + seconds(upstream)
                        : "broke the connection (" + e.getClass().getSimpleName() + ")";
                if (!started) return why;
                throw new EngineFailure(upstream + " " + why + " in the middle of a sentence");
            } finally {
                guard.cancel(false);
            }
            if (n < 0) {
                if (idle.get()) {
                    if (!started) return "stopped sending audio for " + seconds(upstream);
                    throw new EngineFailure(upstream + " stopped sending audio in the middle of a sentence");
                }
                if (!started) return "sent no audio";
                return null;
            }
            int bytes = carry + n;
            int samples = bytes / 2;
            if (samples > 0) {
                float[] out = new float[samples];
                for (int i = 0; i < samples; i++) {
                    short s = (short) ((buffer[2 * i] & 0xff) | (buffer[2 * i + 1] << 8));
                    out[i] = s / 32768f;
                }
                if (!started) engine.breaker(upstream).succeeded((System.nanoTime() - start) / 1_000_000);
                started = true;
                if (!sink.accept(new PcmChunk(out, RemoteEngine.SAMPLE_RATE))) return null;
            }
            carry = bytes % 2;
            if (carry == 1) buffer[0] = buffer[bytes - 1];
        }
    }

    private HttpRequest request(Upstream upstream, Utterance utterance, SynthesisParams params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", upstream.model());
        body.put("input", utterance.text());
        body.put("voice", voice);
        body.put("response_format", "pcm");
        if (params.speed() != 1.0) body.put("speed", params.speed());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + "/v1/audio/speech"))
                .timeout(upstream.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (upstream.apiKey() != null) request.header("Authorization", "Bearer " + upstream.apiKey());
        return request.build();
    }

    /** What an upstream said about a failure, scrubbed of its key and URL. */
    private record UpstreamError(String message, String param) {
    }

    private static UpstreamError error(Upstream upstream, InputStream body) {
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
            return new UpstreamError(scrub(upstream, message), param);
        } catch (IOException e) {
            return new UpstreamError("", null);
        }
    }

    /** {@code text} without the upstream's key or URL (an upstream may echo either). */
    static String scrub(Upstream upstream, String text) {
        String out = text;
        if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) out = out.replace(upstream.apiKey(), "***");
        out = out.replace(upstream.url().toString(), "<" + upstream.name() + ">");
        if (upstream.url().getHost() != null) out = out.replace(upstream.url().getHost(), "<" + upstream.name() + ">");
        return out.length() > 500 ? out.substring(0, 500) + "…" : out;
    }

    private static String seconds(Upstream upstream) {
        return upstream.timeout().toMillis() / 1000.0 + " s";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how a stalled read is interrupted; nothing else to do
        }
    }
}
