package dev.hlas.ops;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ring of the most recent speech requests ({@code depth} of them) and running totals since start. Three views:
 * {@link #snapshot()} (the compact {@code /v1/ops/summary}), {@link #aggregates(long)} ({@code /metrics/summary}:
 * totals, requests per second over the last minute, p50/p95/p99 time to first byte and real-time factor over the
 * ring) and {@link #recent(int)} ({@code /metrics/recent}: the records, newest first).
 */
public final class RequestSummary {
    private static final int SNAPSHOT_RECENT = 20;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    /** Longest input text a recent record shows (only when texts may be logged at all). */
    static final int SNIPPET_CHARS = 80;
    private final int window;
    private final Deque<RequestRecord> records = new ArrayDeque<>();
    /** End times (nanos) of requests finished within the last minute, oldest first. */
    private final Deque<Long> lastMinute = new ArrayDeque<>();
    private long total;
    private long errors;
    private long cancelled;
    private double audioSeconds;
    private long bytes;

    /** @param window how many recent speech requests the ring keeps (and the percentiles cover) */
    public RequestSummary(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be positive: " + window);
        this.window = window;
    }

    /** How many records the ring keeps. */
    public int depth() {
        return window;
    }

    synchronized void add(RequestRecord r) {
        records.addLast(r);
        total++;
        switch (r.outcome()) {
            case "error" -> errors++;
            case "cancelled" -> cancelled++;
            default -> { }
        }
        audioSeconds += r.audioSeconds();
        bytes += r.bytes();
        while (records.size() > window) records.removeFirst();
        long now = System.nanoTime();
        lastMinute.addLast(now);
        prune(now);
    }

    private void prune(long now) {
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() > MINUTE_NANOS) lastMinute.removeFirst();
    }

    /** A JSON-ready snapshot. */
    public synchronized Map<String, Object> snapshot() {
        List<RequestRecord> all = List.copyOf(records);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("speech_requests_total", total);
        out.put("window", all.size());
        double[] ttfb = ttfbs(all);
        double[] rtf = rtfs(all);
        out.put("ttfb_ms", Map.of("p50", round(percentile(ttfb, 0.50) * 1000), "p95",
                round(percentile(ttfb, 0.95) * 1000)));
        out.put("rtf", Map.of("p50", round(percentile(rtf, 0.50)), "p95", round(percentile(rtf, 0.95))));
        long hits = all.stream().filter(r -> "hit".equals(r.cache())).count();
        out.put("cache_hit_ratio", all.isEmpty() ? 0 : round((double) hits / all.size()));
        List<Map<String, Object>> recent = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && recent.size() < SNAPSHOT_RECENT; i--) recent.add(describe(all.get(i)));
        out.put("recent", recent);
        return out;
    }

    /**
     * Totals since start and percentiles over the ring, JSON-ready. {@code activeSyntheses} is the scheduler's
     * count of streams producing audio now.
     */
    public synchronized Map<String, Object> aggregates(long activeSyntheses) {
        prune(System.nanoTime());
        List<RequestRecord> all = List.copyOf(records);
        double[] ttfb = ttfbs(all);
        double[] rtf = rtfs(all);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active_syntheses", activeSyntheses);
        out.put("total_requests", total);
        out.put("requests_per_second_1m", round(lastMinute.size() / 60.0));
        out.put("errors", errors);
        out.put("cancelled", cancelled);
        out.put("audio_seconds", round(audioSeconds));
        out.put("bytes", bytes);
        out.put("window", all.size());
        out.put("depth", window);
        out.put("ttfb_ms", percentiles(ttfb, 1000));
        out.put("rtf", percentiles(rtf, 1));
        return out;
    }

    /** The newest {@code limit} records of the ring, newest first, JSON-ready. */
    public synchronized List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        var it = records.descendingIterator();
        while (it.hasNext() && out.size() < limit) out.add(full(it.next()));
        return out;
    }

    private static double[] ttfbs(List<RequestRecord> all) {
        return all.stream().mapToDouble(RequestRecord::ttfbSeconds).filter(d -> !Double.isNaN(d)).toArray();
    }

    private static double[] rtfs(List<RequestRecord> all) {
        return all.stream().filter(r -> r.status() == 200 && !"hit".equals(r.cache()))
                .mapToDouble(RequestRecord::realTimeFactor).filter(d -> !Double.isNaN(d)).toArray();
    }

    private static Map<String, Object> percentiles(double[] values, double scale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", values.length == 0 ? null : round(percentile(values, 0.50) * scale));
        m.put("p95", values.length == 0 ? null : round(percentile(values, 0.95) * scale));
        m.put("p99", values.length == 0 ? null : round(percentile(values, 0.99) * scale));
        return m;
    }

    private static Map<String, Object> full(RequestRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("time", Instant.ofEpochMilli(r.startEpochMillis()).toString());
        m.put("transport", r.transport());
        String text = r.text();
        m.put("text", text == null ? null
                : text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "…");
        m.put("length", r.characters());
        m.put("voice", r.voice());
        m.put("engine", r.engine());
        m.put("lang", r.language());
        m.put("format", r.format());
        m.put("status", r.outcome());
        m.put("http_status", r.status());
        m.put("ttfb_ms", Double.isNaN(r.ttfbSeconds()) ? null : round(r.ttfbSeconds() * 1000));
        m.put("total_ms", round(r.durationSeconds() * 1000));
        m.put("bytes", r.bytes());
        m.put("audio_s", round(r.audioSeconds()));
        m.put("rtf", Double.isNaN(r.realTimeFactor()) ? null : round(r.realTimeFactor()));
        m.put("cache", r.cache());
        m.put("key", r.keyLabel());
        m.put("error", r.error());
        return m;
    }

    private static Map<String, Object> describe(RequestRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("time", Instant.ofEpochMilli(r.startEpochMillis()).toString());
        m.put("status", r.status());
        m.put("transport", r.transport());
        m.put("voice", r.voice());
        m.put("engine", r.engine());
        m.put("format", r.format());
        m.put("characters", r.characters());
        m.put("audio_seconds", round(r.audioSeconds()));
        m.put("ttfb_ms", Double.isNaN(r.ttfbSeconds()) ? null : round(r.ttfbSeconds() * 1000));
        m.put("duration_ms", round(r.durationSeconds() * 1000));
        m.put("cache", r.cache());
        m.put("key", r.keyLabel());
        m.put("transport", r.transport());
        return m;
    }

    static double percentile(double[] values, double q) {
        if (values.length == 0) return 0;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
