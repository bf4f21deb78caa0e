package dev.hlas.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.TranscriptionRelay;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Speech-to-text requests for upstream models ({@code stt: {models: [...]}}). The recording is spooled once into a
 * temporary file, already framed as the multipart body the upstreams get (the {@code model} field rewritten to the
 * upstream's plain name), so a failover resends the same bytes without holding them in memory; the file is deleted
 * when the request ends.
 *
 * <p>Candidates, breaker, {@code max_concurrent} and deadline work as for voices: a named upstream
 * ({@code gpu:whisper-1}) and its peers of the same priority first, then every other upstream listing the model by
 * priority; full, already-failed and open upstreams move back. Until the first byte of an upstream's answer has been
 * passed on, a refused connection, a timeout, a 5xx, 401/403/408/429 or an answer that breaks off before its first
 * byte moves on to the next candidate; afterwards a failure aborts the response. An upstream's own 4xx is passed on
 * as an invalid request naming the upstream, its message scrubbed of keys and addresses.
 */
final class RemoteTranscriptions implements TranscriptionRelay {
    private static final Logger log = LoggerFactory.getLogger(RemoteTranscriptions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final int CHUNK = 8192;
    private final RemoteEngine engine;
    private final List<Upstream> upstreams;

    RemoteTranscriptions(RemoteEngine engine, RemoteSettings settings) {
        this.engine = engine;
        this.upstreams = settings.byPriority().stream().filter(u -> !u.sttModels().isEmpty()).toList();
    }

    /** Which upstream a request named (null: any that lists the model) and the model's plain name. */
    private record Target(Upstream primary, String model) {
    }

    @Override
    public List<RelayModel> models() {
        List<RelayModel> out = new ArrayList<>();
        Set<String> plain = new HashSet<>();
        for (Upstream u : upstreams) {
            for (String m : u.sttModels()) {
                out.add(new RelayModel(u.name() + ":" + m, u.name()));
                if (plain.add(m)) out.add(new RelayModel(m, u.name()));
            }
        }
        return out;
    }

    @Override
    public boolean serves(String model) {
        return model != null && target(model) != null;
    }

    private Target target(String model) {
        int colon = model.indexOf(':');
        if (colon > 0) {
            String name = model.substring(0, colon);
            String plain = model.substring(colon + 1);
            for (Upstream u : upstreams) {
                if (u.name().equals(name) && u.sttModels().contains(plain)) return new Target(u, plain);
            }
        }
        for (Upstream u : upstreams) if (u.sttModels().contains(model)) return new Target(null, model);
        return null;
    }

    @Override
    public void relay(Upload upload, Answer answer) {
        Target target = target(upload.model());
        if (target == null) {
            throw HlasException.invalid("model", "model_not_found", "No upstream serves the speech recognition "
                    + "model '" + upload.model() + "'.");
        }
        String boundary = "hlas-relay-" + UUID.randomUUID();
        Path spool = null;
        try {
            spool = Files.createTempFile("hlas-stt-relay-", ".multipart");
            spool(spool, boundary, target.model(), upload);
            List<String> failures = new ArrayList<>();
            List<UpstreamState> busy = new ArrayList<>();
            for (UpstreamState state : engine.sttCandidates(target.primary(), target.model())) {
                if (upload.deadlineNanos() - System.nanoTime() <= 0) {
                    failures.add(state.upstream() + " was not tried: the request's deadline had passed");
                    continue;
                }
                if (!state.tryEnter()) {
                    busy.add(state);
                    continue;
                }
                if (tryOn(state, upload, spool, boundary, answer, failures)) return;
            }
            for (UpstreamState state : busy) {
                long wait = Math.min(state.upstream().timeout().toNanos(), upload.deadlineNanos() - System.nanoTime());
                if (wait > 0 && state.enter(wait)) {
                    if (tryOn(state, upload, spool, boundary, answer, failures)) return;
                } else {
                    failures.add(state.upstream() + " was busy: " + state.upstream().maxConcurrent()
                            + " requests in flight (its max_concurrent)");
                }
            }
            throw HlasException.unavailable("Speech recognition model '" + upload.model() + "' is unavailable: "
                    + String.join("; ", failures));
        } catch (IOException e) {
            throw HlasException.internal("Could not spool the upload for an upstream", e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    log.warn("could not delete the spooled upload {}", spool);
                }
            }
        }
    }

    /** Writes the multipart body the upstreams get: the client's fields, the model's plain name, the recording. */
    private static void spool(Path spool, String boundary, String model, Upload upload) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024);
             InputStream recording = upload.content().open()) {
            for (Field f : upload.fields()) part(out, boundary, f.name(), null, null, f.value());
            part(out, boundary, "model", null, null, model);
            part(out, boundary, "file", upload.filename() == null ? "audio" : upload.filename(),
                    upload.contentType() == null ? "application/octet-stream" : upload.contentType(), null);
            recording.transferTo(out);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void part(OutputStream out, String boundary, String name, String filename, String type,
                             String value) throws IOException {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(quoted(name)).append('"');
        if (filename != null) head.append("; filename=\"").append(quoted(filename)).append('"');
        head.append("\r\n");
        if (type != null) head.append("Content-Type: ").append(type.replaceAll("[\r\n]", "")).append("\r\n");
        head.append("\r\n");
        if (value != null) head.append(value).append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String s) {
        return s.replace("\"", "%22").replaceAll("[\r\n]", "");
    }

    /** One attempt on an upstream whose place was taken: true when it answered. */
    private boolean tryOn(UpstreamState state, Upload upload, Path spool, String boundary, Answer answer,
                          List<String> failures) {
        Upstream upstream = state.upstream();
        String failure;
        try {
            failure = attempt(state, upload, spool, boundary, answer);
        } finally {
            state.leave();
        }
        if (failure == null) return true;
        if (Thread.currentThread().isInterrupted()) {
            throw new EngineFailure("Cancelled while waiting for " + upstream);
        }
        engine.failed(upstream, false, failure);
        failures.add(upstream + " " + failure);
        log.warn("{} failed for speech recognition model {} before answering: {}", upstream, upload.model(), failure);
        return false;
    }

    /** One try: null when the answer was passed on, else why this upstream failed before its first byte. */
    private String attempt(UpstreamState state, Upload upload, Path spool, String boundary, Answer answer) {
        Upstream upstream = state.upstream();
        long left = upload.deadlineNanos() - System.nanoTime();
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + upload.path()))
                    .timeout(Duration.ofNanos(Math.max(1_000_000, left)))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofFile(spool));
            if (upstream.apiKey() != null) request.header("Authorization", "Bearer " + upstream.apiKey());
            response = engine.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return "did not accept the connection within " + upstream.timeout().toMillis() / 1000.0 + " s";
        } catch (HttpTimeoutException e) {
            return "did not answer before the request's deadline";
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
                String[] error = error(upstream, body);
                if (status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
                    return "answered HTTP " + status + (error[0].isEmpty() ? "" : ": " + error[0]);
                }
                state.succeeded((System.nanoTime() - start) / 1_000_000);
                String message = "Upstream '" + upstream.name() + "' refused the request: "
                        + (error[0].isEmpty() ? "HTTP " + status : error[0]);
                if (status == 413) throw HlasException.tooLarge("file", message);
                throw HlasException.invalid(error[1] == null ? "model" : error[1], message);
            }
            StallGuard guarded = new StallGuard(body, engine.watchdog(), upstream.timeout().toMillis());
            byte[] buffer = new byte[CHUNK];
            int n;
            try {
                n = guarded.read(buffer);
            } catch (IOException e) {
                return guarded.stalled() ? "sent no answer within " + upstream.timeout().toMillis() / 1000.0 + " s"
                        : "broke the connection before its answer (" + e.getClass().getSimpleName() + ")";
            }
            state.succeeded((System.nanoTime() - start) / 1_000_000);
            String type = response.headers().firstValue("Content-Type").orElse("application/json");
            OutputStream out = answer.start(200, type, upstream.name());
            while (n >= 0) {
                if (n > 0) {
                    out.write(buffer, 0, n);
                    out.flush(); // server-sent events must reach the client as they come
                }
                try {
                    n = guarded.read(buffer);
                } catch (IOException e) {
                    String why = guarded.stalled()
                            ? "stopped sending its answer for " + upstream.timeout().toMillis() / 1000.0 + " s"
                            : "broke the connection in the middle of its answer";
                    engine.failed(upstream, true, why);
                    throw new EngineFailure(upstream + " " + why);
                }
            }
            return null;
        } catch (IOException e) {
            // writing to the client failed (it went away): nothing to fail over for
            throw new EngineFailure("The client went away while " + upstream + " answered", e);
        }
    }

    /** The upstream's error message (scrubbed of keys and its address) and {@code param}, or "" and null. */
    private String[] error(Upstream upstream, InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_ERROR_BYTES);
            JsonNode error = JSON.readTree(bytes).path("error");
            String message = error.isObject() ? error.path("message").asText("") : error.asText("");
            String param = error.path("param").isTextual() ? error.path("param").asText() : null;
            return new String[] {engine.scrub(upstream, message), param};
        } catch (IOException | RuntimeException e) {
            return new String[] {"", null};
        }
    }
}
