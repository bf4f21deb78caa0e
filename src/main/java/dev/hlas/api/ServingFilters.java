package dev.hlas.api;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.ServingConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.ClientLimiter;
import dev.hlas.ops.RequestRecord;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

import java.nio.charset.StandardCharsets;

/**
 * Javalin's before- and after-handlers: CORS, API-key authentication on {@code /v1/*}, refusal while shutting down,
 * the per-client concurrency cap on speech, and the matched route for metrics. What must happen for every request
 * whatever its handlers do (in-flight count, per-client place given back, metrics, request log) is not here but in
 * {@link RequestLifecycle}, around all of Javalin, so a handler that skips the rest cannot leak it.
 */
final class ServingFilters {
    private static final String EXPOSED = "X-Request-Id, X-Cache, X-Usage-Characters, X-Usage-Units, X-Usage-Audio-Seconds, "
            + "X-Sample-Rate, X-Voice, X-Language, Retry-After";

    private final ServingConfig config;
    private final ApiKeys keys;
    private final ClientLimiter limiter;
    private final RequestLifecycle lifecycle;

    ServingFilters(ServingConfig config, ApiKeys keys, ClientLimiter limiter, RequestLifecycle lifecycle) {
        this.config = config;
        this.keys = keys;
        this.limiter = limiter;
        this.lifecycle = lifecycle;
    }

    /** The record of the request being served (set by {@link RequestLifecycle}). */
    static RequestRecord record(Context ctx) {
        return ctx.attribute(RequestLifecycle.RECORD);
    }

    /**
     * Adds something to do when this request's per-client place is taken back because its client hung up (seen when
     * the same client starts another request while at its limit), e.g. cancel the request's synthesis. The action
     * runs on another request's thread and must not block. Without a place (not a limited speech request) it never
     * runs.
     */
    static void onClientGone(Context ctx, Runnable action) {
        if (ctx.attribute(RequestLifecycle.PERMIT) instanceof ClientLimiter.Permit permit) permit.onRevoke(action);
    }

    void before(Context ctx) {
        if (cors(ctx)) return;
        if (ctx.path().startsWith("/v1/") || ctx.path().startsWith("/dev/")) {
            RequestRecord record = record(ctx);
            String authorization = ctx.header("Authorization");
            String label = authorization == null && publicRead(ctx) ? "anonymous" : keys.authenticate(authorization);
            if (record != null) record.keyLabel(label);
            if (lifecycle.draining()) {
                throw HlasException.unavailable("The server is shutting down; retry on another instance.");
            }
        }
    }

    /**
     * Whether this request may go without a key: {@code --public-catalog} is on and it reads a catalog (the models or
     * voices lists). A key that is presented is still checked, so a misconfigured client hears about it.
     */
    private boolean publicRead(Context ctx) {
        return config.publicCatalog() && "GET".equals(ctx.method().name()) && CatalogHandlers.isCatalogPath(ctx.path());
    }

    /**
     * Before {@code POST /v1/audio/speech}: at most {@code max} concurrent requests per client (its API key when
     * keys are configured, else its address). A place whose client has already hung up is taken back first, and its
     * request ended, so abandoning a stream and starting the next at once is never refused.
     */
    void beforeSpeech(Context ctx) {
        if (!"POST".equals(ctx.method().name())) return;
        RequestRecord record = record(ctx);
        String client = keys.enabled() ? record.keyLabel() : record.client();
        ClientLimiter.Permit permit = limiter.tryAcquire(client, () -> ConnectionProbe.isClosed(ctx))
                .orElseThrow(() -> HlasException.busy("Too many concurrent requests from this client: "
                        + limiter.inUse(client) + "/" + limiter.max() + " running. Wait for one to finish.", 1));
        ctx.attribute(RequestLifecycle.PERMIT, permit);
    }

    /** After the handlers: the matched route, for metrics. */
    void after(Context ctx) {
        RequestRecord record = record(ctx);
        if (record != null) record.route(route(ctx));
    }

    private static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? "unmatched" : e.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
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
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            RequestRecord record = record(ctx);
            if (record != null) record.route("preflight");
            ctx.skipRemainingHandlers(); // the after-handlers too; RequestLifecycle still counts it out
            return true;
        }
        return false;
    }
}
