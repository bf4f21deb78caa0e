package dev.hlas.api;

import dev.hlas.config.ServingConfig;
import dev.hlas.ops.ClientLimiter;
import dev.hlas.ops.Metrics;
import dev.hlas.ops.RequestRecord;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The entry and exit of every request, as one servlet filter around all of Javalin (its before-handlers, routes,
 * exception mapping and after-handlers). Entry: count the request in flight, give it an id and a
 * {@link RequestRecord} with its client's address. Exit, in a {@code finally}, whatever a handler did (threw, skipped
 * the remaining handlers, answered a preflight): give back its per-client place, finish the record, feed metrics,
 * write the request log line, and count it out, waking a shutdown that waits for the last request.
 *
 * <p>Handlers run synchronously on the request's virtual thread; should one go asynchronous, the exit runs when the
 * async request completes.
 */
final class RequestLifecycle implements Filter {
    static final String RECORD = "hlas.record";
    static final String PERMIT = "hlas.permit";
    /** Set when a response was aborted on purpose (a failure after audio was sent): it must not be completed. */
    static final String ABORTED = "hlas.aborted";
    private static final Logger requestLog = LoggerFactory.getLogger("dev.hlas.request");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ServingConfig config;
    private final Metrics metrics;
    private final InFlight inFlight = new InFlight();
    private volatile boolean draining;

    RequestLifecycle(ServingConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        inFlight.enter();
        boolean async = false;
        try {
            String given = request.getHeader("X-Request-Id");
            String id = given != null && SANE_ID.matcher(given).matches() ? given : newId();
            RequestRecord record = new RequestRecord(id, request.getMethod(), request.getRequestURI(),
                    System.nanoTime(), System.currentTimeMillis());
            record.client(ClientAddress.resolve(request.getRemoteAddr(),
                    Collections.list(request.getHeaders("X-Forwarded-For")), config.trustedProxies()));
            request.setAttribute(RECORD, record);
            response.setHeader("X-Request-Id", id);
            // Draining: every response closes its connection, so a balancer's keep-alive connections to this
            // replica are gone before it stops (a request sent on one just as the server closes it fails).
            if (draining) response.setHeader("Connection", "close");
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ExitWhenComplete(request, response));
                async = true;
            }
        } finally {
            if (!async) exit(request, response);
        }
    }

    private void exit(HttpServletRequest request, HttpServletResponse response) {
        try {
            if (request.getAttribute(ABORTED) == null) complete(response);
            if (request.getAttribute(PERMIT) instanceof ClientLimiter.Permit permit) permit.release();
            if (request.getAttribute(RECORD) instanceof RequestRecord record) {
                record.finish(response.getStatus(), System.nanoTime());
                metrics.requestFinished(record);
                log(record);
            }
        } finally {
            inFlight.exit();
        }
    }

    /**
     * Writes the rest of the response (for a chunked body, its last chunk) before the request counts as done: a
     * graceful shutdown waits for in-flight requests and then closes every connection, so a request counted out
     * while its last bytes were still in the server's buffers would reach its client cut short.
     */
    private static void complete(HttpServletResponse response) {
        if (response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) return; // a WebSocket lives on
        try {
            response.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            // the client is gone or the connection was aborted on purpose: nothing more can be written
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
                    .append(r.format()).append(" chars=").append(r.characters());
            if (r.cache() != null) b.append(" cache=").append(r.cache());
            b.append(" audio_s=").append(String.format(Locale.ROOT, "%.2f", r.audioSeconds()));
            if (!Double.isNaN(r.ttfbSeconds())) b.append(" ttfb_ms=").append(Math.round(r.ttfbSeconds() * 1000));
            if (r.wasAborted()) b.append(" aborted=true");
            if (config.logTexts() && r.text() != null) b.append(" text=").append(Json.quote(r.text()));
        }
        requestLog.info(b.toString());
    }

    static String newId() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Marks the server as shutting down ({@code /v1} refused) and waits up to {@code grace} for the last request. */
    boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        return inFlight.awaitIdle(grace);
    }

    boolean draining() {
        return draining;
    }

    int inFlight() {
        return inFlight.count();
    }

    /** Runs the exit of a request that went asynchronous once it completes, however it completes. */
    private final class ExitWhenComplete implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        ExitWhenComplete(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            exit(request, response);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
