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
 * The compact view the web console polls: p50/p95 time to first byte and real-time factor over the last
 * {@code window} speech requests, and the most recent ones (without texts).
 */
public final class RequestSummary {
    private static final int RECENT = 20;
    private final int window;
    private final Deque<RequestRecord> records = new ArrayDeque<>();
    private long total;

    /** @param window how many recent speech requests the percentiles cover */
    public RequestSummary(int window) {
        this.window = window;
    }

    synchronized void add(RequestRecord r) {
        records.addLast(r);
        total++;
        while (records.size() > window) records.removeFirst();
    }

    /** A JSON-ready snapshot. */
    public synchronized Map<String, Object> snapshot() {
        List<RequestRecord> all = List.copyOf(records);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("speech_requests_total", total);
        out.put("window", all.size());
        double[] ttfb = all.stream().mapToDouble(RequestRecord::ttfbSeconds).filter(d -> !Double.isNaN(d)).toArray();
        double[] rtf = all.stream().filter(r -> r.status() == 200 && !"hit".equals(r.cache()))
                .mapToDouble(RequestRecord::realTimeFactor).filter(d -> !Double.isNaN(d)).toArray();
        out.put("ttfb_ms", Map.of("p50", round(percentile(ttfb, 0.50) * 1000), "p95",
                round(percentile(ttfb, 0.95) * 1000)));
        out.put("rtf", Map.of("p50", round(percentile(rtf, 0.50)), "p95", round(percentile(rtf, 0.95))));
        long hits = all.stream().filter(r -> "hit".equals(r.cache())).count();
        out.put("cache_hit_ratio", all.isEmpty() ? 0 : round((double) hits / all.size()));
        List<Map<String, Object>> recent = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && recent.size() < RECENT; i--) recent.add(describe(all.get(i)));
        out.put("recent", recent);
        return out;
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
