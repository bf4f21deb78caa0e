package dev.hlas.ops;

import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.BackendStatus;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SynthesisListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics for the whole server (all names start with {@code hlas_}, plus the JVM and process metrics of
 * Micrometer's binders).
 *
 * <p>Fed three ways: as the pipeline's {@link SynthesisListener} (real-time factor per sentence, audio seconds,
 * characters, queue wait), by {@link #requestFinished} from the transport (requests by status, time to first byte,
 * usage per API key) and by gauges read at scrape time (queue depth, active syntheses, cache sizes).
 */
public final class Metrics implements SynthesisListener, AutoCloseable {
    private static final String SPEECH_ROUTE = "/v1/audio/speech";
    private static final double[] RTF_BUCKETS = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JvmGcMetrics gc;
    private final Set<String> engineGauges = ConcurrentHashMap.newKeySet();
    private final RequestSummary summary;
    private Supplier<Map<String, EngineScheduler.EngineLoad>> load = Map::of;
    private volatile UsageLedger usage;

    public Metrics(RequestSummary summary) {
        this.summary = summary;
    }

    /**
     * Adds the JVM and process metrics (memory, GC, threads, class loading, CPU, uptime, file descriptors). A server
     * calls this once; a one-shot command does not, since binding them costs a noticeable part of its run.
     */
    public synchronized void bindProcessMetrics() {
        if (gc != null) return;
        gc = new JvmGcMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The summary this registry feeds. */
    public RequestSummary summary() {
        return summary;
    }

    /** Adds every delivered speech request to {@code ledger} (usage per account, endpoint and voice). */
    public void watch(UsageLedger ledger) {
        this.usage = ledger;
    }

    /**
     * The account usage is counted under: the API key's label, or {@code client-<address>} when keys are off (the
     * label is then {@code anonymous}).
     */
    public static String account(RequestRecord r) {
        String label = r.keyLabel();
        if (label == null || label.equals("anonymous") || label.equals("-")) return "client-" + (r.client() == null ? "-" : r.client());
        return label;
    }

    /** Reports the scheduler's pools: active syntheses, queue depth per engine, rejections. */
    public void watch(EngineScheduler scheduler) {
        this.load = scheduler::load;
        Gauge.builder("hlas_active_syntheses", scheduler, EngineScheduler::activeStreams)
                .description("Speech streams producing audio now").register(registry);
    }

    /**
     * Reports each backend an engine speaks through (the remote engine's upstreams): whether its circuit breaker is
     * open, its attempts and failures, and the time to first audio of its last good attempt.
     */
    public void watchBackends(List<SpeechEngine> engines) {
        for (SpeechEngine engine : engines) {
            for (BackendStatus backend : engine.backends()) {
                String name = backend.name();
                ToDoubleFunction<SpeechEngine> open = e -> "open".equals(backend(e, name).state()) ? 1 : 0;
                Gauge.builder("hlas_upstream_open", engine, open).tag("upstream", name)
                        .description("1 while the upstream's circuit breaker is open (failing, tried last)")
                        .register(registry);
                FunctionCounter.builder("hlas_upstream_attempts", engine, e -> backend(e, name).requests())
                        .tag("upstream", name).description("Sentences sent to the upstream").register(registry);
                FunctionCounter.builder("hlas_upstream_failures", engine, e -> backend(e, name).failures())
                        .tag("upstream", name).description("Attempts that failed").register(registry);
                Gauge.builder("hlas_upstream_first_audio_seconds", engine, e -> {
                    long ms = backend(e, name).lastLatencyMillis();
                    return ms < 0 ? Double.NaN : ms / 1000.0;
                }).tag("upstream", name).description("Time to first audio of the last good attempt")
                        .baseUnit("seconds").register(registry);
                Gauge.builder("hlas_upstream_in_flight", engine, e -> backend(e, name).inFlight())
                        .tag("upstream", name).description("Requests to the upstream running now").register(registry);
                FunctionCounter.builder("hlas_upstream_probe_failures", engine, e -> backend(e, name).probeFailures())
                        .tag("upstream", name).description("Health probes that failed").register(registry);
                Gauge.builder("hlas_upstream_probe_seconds", engine, e -> {
                    long ms = backend(e, name).probeMillis();
                    return ms < 0 ? Double.NaN : ms / 1000.0;
                }).tag("upstream", name).description("Duration of the last health probe")
                        .baseUnit("seconds").register(registry);
            }
        }
    }

    private static BackendStatus backend(SpeechEngine engine, String name) {
        return engine.backends().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElse(BackendStatus.unknown(name));
    }

    /** Reports the cache's hits, misses and sizes. */
    public void watch(SpeechCache cache) {
        cacheCounter(cache, "memory_hit", SpeechCache.Stats::memoryHits);
        cacheCounter(cache, "disk_hit", SpeechCache.Stats::diskHits);
        cacheCounter(cache, "miss", SpeechCache.Stats::misses);
        cacheCounter(cache, "bypass", SpeechCache.Stats::bypassed);
        FunctionCounter.builder("hlas_cache_stores", cache, c -> c.stats().stores())
                .description("Responses stored in the cache").register(registry);
        FunctionCounter.builder("hlas_cache_corrupt_entries", cache, c -> c.stats().corrupt())
                .description("Disk entries found damaged and deleted").register(registry);
        Gauge.builder("hlas_cache_size_bytes", cache, c -> c.stats().memoryBytes()).tag("tier", "memory")
                .baseUnit("bytes").register(registry);
        Gauge.builder("hlas_cache_size_bytes", cache, c -> c.stats().diskBytes()).tag("tier", "disk")
                .baseUnit("bytes").register(registry);
        Gauge.builder("hlas_cache_entries", cache, c -> c.stats().memoryEntries()).tag("tier", "memory")
                .register(registry);
        Gauge.builder("hlas_cache_entries", cache, c -> c.stats().diskEntries()).tag("tier", "disk")
                .register(registry);
        cache.shared().ifPresent(shared -> {
            FunctionCounter.builder("hlas_cache_lookups", shared, s -> s.stats().hits())
                    .description("Cache lookups by result").tag("result", "redis_hit").register(registry);
            FunctionCounter.builder("hlas_cache_shared_errors", shared, s -> s.stats().errors())
                    .description("Redis commands that failed or timed out").register(registry);
            FunctionCounter.builder("hlas_cache_shared_corrupt_entries", shared, s -> s.stats().corrupt())
                    .description("Redis entries found damaged and deleted").register(registry);
            FunctionCounter.builder("hlas_cache_shared_waits", shared, s -> s.stats().waits())
                    .description("Misses that waited for another replica synthesizing the same response")
                    .register(registry);
            FunctionCounter.builder("hlas_cache_shared_waited_hits", shared, s -> s.stats().waitedHits())
                    .description("Waits that ended with the other replica's response (a synthesis saved)")
                    .register(registry);
            Gauge.builder("hlas_cache_shared_available", shared, s -> s.available() ? 1 : 0)
                    .description("1 while the shared Redis tier is used, 0 while its circuit breaker is open")
                    .register(registry);
        });
    }

    private void cacheCounter(SpeechCache cache, String result, ToDoubleFunction<SpeechCache.Stats> f) {
        FunctionCounter.builder("hlas_cache_lookups", cache, c -> f.applyAsDouble(c.stats()))
                .description("Cache lookups by result").tag("result", result).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        registerEngineGauges();
        return registry.scrape();
    }

    private void registerEngineGauges() {
        for (String engine : load.get().keySet()) {
            if (!engineGauges.add(engine)) continue;
            engineGauge(engine, "hlas_queue_depth", "Streams admitted and waiting for a worker",
                    EngineScheduler.EngineLoad::waiting);
            engineGauge(engine, "hlas_queue_limit", "Streams that may wait beyond the running ones",
                    EngineScheduler.EngineLoad::queueLimit);
            engineGauge(engine, "hlas_queued_sentences", "Sentences waiting for a worker",
                    EngineScheduler.EngineLoad::queuedJobs);
            engineGauge(engine, "hlas_engine_workers", "Worker threads of the engine's pool",
                    EngineScheduler.EngineLoad::workers);
            engineGauge(engine, "hlas_engine_busy_workers", "Workers synthesizing now",
                    EngineScheduler.EngineLoad::runningJobs);
            FunctionCounter.builder("hlas_rejected_requests", this, m -> engineLoad(engine, l -> l.rejected()))
                    .description("Requests refused with 429 because the engine was full").tag("engine", engine)
                    .register(registry);
        }
    }

    private void engineGauge(String engine, String name, String description,
                             ToDoubleFunction<EngineScheduler.EngineLoad> f) {
        Gauge.builder(name, this, m -> engineLoad(engine, f)).description(description).tag("engine", engine)
                .register(registry);
    }

    private double engineLoad(String engine, ToDoubleFunction<EngineScheduler.EngineLoad> f) {
        EngineScheduler.EngineLoad l = load.get().get(engine);
        return l == null ? 0 : f.applyAsDouble(l);
    }

    @Override
    public void sentenceSynthesized(VoiceInfo voice, int index, int total, long computeNanos, double audioSeconds) {
        Counter.builder("hlas_audio_seconds").description("Seconds of audio synthesized").baseUnit("seconds")
                .tags("engine", voice.engine(), "voice", voice.id()).register(registry).increment(audioSeconds);
        if (audioSeconds > 0) {
            DistributionSummary.builder("hlas_rtf").description("Real-time factor per sentence (compute / audio)")
                    .serviceLevelObjectives(RTF_BUCKETS).tags("engine", voice.engine(), "voice", voice.id())
                    .register(registry).record(computeNanos / 1e9 / audioSeconds);
        }
    }

    @Override
    public void streamEnded(SpeechPlan plan, boolean completed) {
        for (PlannedSentence s : plan.sentences()) {
            Counter.builder("hlas_characters").description("Characters of normalized text synthesized")
                    .tags("engine", s.voice().engine().id(), "voice", s.voice().id(), "completed",
                            Boolean.toString(completed))
                    .register(registry).increment(s.sentence().text().length());
        }
    }

    @Override
    public void queueWaited(String engine, long waitNanos) {
        Timer.builder("hlas_queue_wait").description("Time a sentence waited for a worker").tag("engine", engine)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry)
                .record(Duration.ofNanos(waitNanos));
    }

    /**
     * Records a finished transcription: seconds of audio in and the recognizer's real-time factor (compute / audio),
     * per engine and model.
     */
    public void transcribed(String engine, String model, double audioSeconds, long computeNanos) {
        Counter.builder("hlas_stt_audio_seconds").description("Seconds of audio transcribed").baseUnit("seconds")
                .tags("engine", engine, "model", model).register(registry).increment(audioSeconds);
        if (audioSeconds > 0) {
            DistributionSummary.builder("hlas_stt_rtf").description("Real-time factor per transcription (compute / audio)")
                    .serviceLevelObjectives(RTF_BUCKETS).tags("engine", engine, "model", model)
                    .register(registry).record(computeNanos / 1e9 / audioSeconds);
        }
    }

    /** Records a finished request of any transport (and feeds the summary). */
    public void requestFinished(RequestRecord r) {
        if ("http".equals(r.transport())) {
            Counter.builder("hlas_http_requests").description("HTTP requests by route and status")
                    .tags("method", r.method(), "route", r.route(), "status", Integer.toString(r.status()))
                    .register(registry).increment();
        } else {
            Counter.builder("hlas_transport_requests")
                    .description("Requests of the other transports (wyoming) by kind and status (HTTP's numbers)")
                    .tags("transport", r.transport(), "route", r.route(), "status", Integer.toString(r.status()))
                    .register(registry).increment();
        }
        if (!r.isSpeech()) {
            // refused before it was planned (400, 401, 429…); every record of the other transports is a speech request
            if (SPEECH_ROUTE.equals(r.route()) || !"http".equals(r.transport())) summary.add(r);
            return;
        }
        String engine = r.engine() == null ? "-" : r.engine();
        String cache = r.cache() == null ? "none" : r.cache();
        double ttfb = r.ttfbSeconds();
        if (!Double.isNaN(ttfb)) {
            Timer.builder("hlas_ttfb").description("Time from request to first audio byte")
                    .tags("engine", engine, "voice", r.voice(), "cache", cache).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry).record(Duration.ofNanos((long) (ttfb * 1e9)));
        }
        if (r.status() == 200 && !r.wasAborted()) {
            Counter.builder("hlas_usage_characters").description("Input characters served, per API key")
                    .tag("key", r.keyLabel()).register(registry).increment(r.characters());
            Counter.builder("hlas_usage_audio_seconds").description("Audio seconds served, per API key")
                    .baseUnit("seconds").tag("key", r.keyLabel()).register(registry).increment(r.audioSeconds());
            Counter.builder("hlas_usage_units").description("Billing units (max(1, ceil(characters/1000)) per "
                    + "request), per API key").tag("key", r.keyLabel()).register(registry)
                    .increment(UsageLedger.units(r.characters()));
            UsageLedger ledger = usage;
            if (ledger != null) {
                String endpoint = "http".equals(r.transport()) ? r.route() : r.transport() + ":" + r.route();
                ledger.record(account(r), endpoint, r.voice(), r.engine(), r.characters(), r.audioSeconds());
            }
        }
        Counter.builder("hlas_usage_requests").description("Speech requests per API key and status")
                .tags("key", r.keyLabel(), "status", Integer.toString(r.status()), "transport", r.transport())
                .register(registry).increment();
        summary.add(r);
    }

    @Override
    public synchronized void close() {
        if (gc != null) gc.close();
        registry.close();
    }
}
