package dev.hlas.api;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.ServingConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.ClientLimiter;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestRecord;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * What wraps every request: a request id (taken from a sane {@code X-Request-Id} or made up, and returned), CORS,
 * API-key authentication on {@code /v1/*}, refusal while shutting down, the per-client concurrency cap on speech,
 * then, after the response, metrics and one structured log line. The log line never holds a key and holds the input
 * text only when configured.
 */
final class ServingFilters {
    static final String RECORD = "hlas.record";
    /** Header of the server's own warm-up requests (see {@link HttpServer#warmUp}); its value is secret per server. */
    static final String WARM_UP_HEADER = "X-Hlas-Warm-Up";
    private static final String WARM_UP = "hlas.warmup";
    private static final String PERMIT = "hlas.permit";
    private static final String COUNTED = "hlas.inflight";
    private static final Logger requestLog = LoggerFactory.getLogger("dev.hlas.request");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String EXPOSED = "X-Request-Id, X-Cache, X-Usage-Characters, X-Usage-Audio-Seconds, "
            + "X-Sample-Rate, X-Voice, X-Language, Retry-After";

    private final ServingConfig config;
    private final ApiKeys keys;
    private final ClientLimiter limiter;
    private final Metrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String warmUpToken = newId() + newId();
    private volatile boolean draining;

    ServingFilters(ServingConfig config, ApiKeys keys, ClientLimiter limiter, Metrics metrics) {
        this.config = config;
        this.keys = keys;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** The record of the request being served (set by {@link #before}). */
    static RequestRecord record(Context ctx) {
        return ctx.attribute(RECORD);
    }

    /** The value that marks a request as the server's own warm-up. */
    String warmUpToken() {
        return warmUpToken;
    }

    /** Whether this is one of the server's own warm-up requests (not metered, cached or limited per client). */
    static boolean isWarmUp(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WARM_UP));
    }

    void before(Context ctx) {
        String token = ctx.header(WARM_UP_HEADER);
        if (token != null && java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                warmUpToken.getBytes(StandardCharsets.US_ASCII))) {
            ctx.attribute(WARM_UP, Boolean.TRUE);
        }
        String given = ctx.header("X-Request-Id");
        String id = given != null && SANE_ID.matcher(given).matches() ? given : newId();
        RequestRecord record = new RequestRecord(id, ctx.method().name(), ctx.path(), System.nanoTime(),
                System.currentTimeMillis());
        record.client(ctx.ip());
        ctx.attribute(RECORD, record);
        ctx.header("X-Request-Id", id);
        inFlight.incrementAndGet();
        ctx.attribute(COUNTED, Boolean.TRUE);
        if (cors(ctx)) return;
        if (ctx.path().startsWith("/v1/")) {
            record.keyLabel(keys.authenticate(ctx.header("Authorization")));
            if (draining) throw HlasException.unavailable("The server is shutting down; retry on another instance.");
        }
    }

    /** Before {@code POST /v1/audio/speech}: at most {@code max} concurrent requests per client. */
    void beforeSpeech(Context ctx) {
        if (!"POST".equals(ctx.method().name()) || isWarmUp(ctx)) return;
        RequestRecord record = record(ctx);
        String client = keys.enabled() ? record.keyLabel() : ctx.ip();
        if (!limiter.tryAcquire(client)) {
            throw HlasException.busy("Too many concurrent requests from this client: " + limiter.inUse(client) + "/"
                    + limiter.max() + " running. Wait for one to finish.", 1);
        }
        ctx.attribute(PERMIT, client);
    }

    void after(Context ctx) {
        String client = ctx.attribute(PERMIT);
        if (client != null) {
            limiter.release(client);
            ctx.attribute(PERMIT, null);
        }
        RequestRecord record = record(ctx);
        if (record == null) return;
        record.route(route(ctx));
        record.finish(ctx.statusCode(), System.nanoTime());
        try {
            if (!isWarmUp(ctx)) {
                metrics.requestFinished(record);
                log(record);
            }
        } finally {
            if (ctx.attribute(COUNTED) != null) {
                ctx.attribute(COUNTED, null);
                inFlight.decrementAndGet();
            }
        }
    }

    private static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? "unmatched" : e.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private void log(RequestRecord r) {
        if (!requestLog.isInfoEnabled()) return;
        StringBuilder b = new StringBuilder(160);
        b.append("id=").append(r.id()).append(" method=").append(r.method()).append(" path=").append(r.path())
                .append(" status=").append(r.status()).append(" ms=").append(Math.round(r.durationSeconds() * 1000))
                .append(" client=").append(r.client()).append(" key=").append(r.keyLabel());
        if (r.isSpeech()) {
            b.append(" voice=").append(r.voice()).append(" engine=").append(r.engine()).append(" format=")
                    .append(r.format()).append(" chars=").append(r.characters()).append(" cache=").append(r.cache())
                    .append(" audio_s=").append(String.format(java.util.Locale.ROOT, "%.2f", r.audioSeconds()));
            if (!Double.isNaN(r.ttfbSeconds())) b.append(" ttfb_ms=").append(Math.round(r.ttfbSeconds() * 1000));
            if (r.wasAborted()) b.append(" aborted=true");
            if (config.logTexts() && r.text() != null) b.append(" text=").append(Json.quote(r.text()));
        }
        requestLog.info(b.toString());
    }

    /** Applies CORS; answers true when the request was a preflight that is now fully answered. */
    private boolean cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (config.corsOrigins().isEmpty() || origin == null) return false;
        boolean any = config.corsOrigins().contains("*");
        if (!any && !config.corsOrigins().contains(origin)) return false;
        ctx.header("Access-Control-Allow-Origin", any ? "*" : origin);
        if (!any) ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
        if ("OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
            return true;
        }
        return false;
    }

    private static String newId() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Stops admitting {@code /v1} requests and waits up to {@code grace} for in-flight ones to finish. */
    boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        long end = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() >= end) return false;
            Thread.sleep(10);
        }
        return true;
    }

    boolean draining() {
        return draining;
    }

    int inFlight() {
        return inFlight.get();
    }
}
