package dev.hlas.api;

import dev.hlas.config.ServingConfig;
import dev.hlas.error.HlasException;
import dev.hlas.ops.UsageLedger;
import dev.hlas.ops.UsageLedger.Counts;
import dev.hlas.ops.UsageLedger.Line;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/ops/usage?from=YYYY-MM-DD&to=YYYY-MM-DD&key=key-xxxxxxxx}: what each account used in a window of
 * UTC days (both ends included; default the last 30 days), per key with its voices, engines and endpoints, and per
 * day. With
 * API keys on it needs an admin key (another key gets 403); an open server answers anyone, like its other routes.
 */
final class UsageHandler {
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 3660;
    private final UsageLedger ledger;
    private static final String READ_REFUSED =
            "Usage is shown to admin keys only (--admin-keys); this key may not read it.";
    private final AdminGate admin;

    UsageHandler(UsageLedger ledger, ServingConfig serving) {
        this.ledger = ledger;
        this.admin = new AdminGate(serving);
    }

    void usage(Context ctx) {
        if (!admin.allows(ctx, READ_REFUSED)) return;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate to = date(ctx, "to", today);
        LocalDate from = date(ctx, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) throw HlasException.invalid("from", "'from' (" + from + ") is after 'to' (" + to + ").");
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw HlasException.invalid("from", "The window may span at most " + MAX_DAYS + " days.");
        }
        String key = ctx.queryParam("key");
        if (key != null && key.isBlank()) key = null;
        Map<LocalDate, Map<Line, Counts>> days = ledger.lines(from, to, key);

        Counts total = Counts.ZERO;
        Map<String, Counts> perKey = new TreeMap<>();
        Map<String, Map<String, Counts>> perKeyVoice = new TreeMap<>();
        Map<String, Map<String, Counts>> perKeyEndpoint = new TreeMap<>();
        Map<String, Map<String, Counts>> perKeyEngine = new TreeMap<>();
        List<Map<String, Object>> perDay = new ArrayList<>();
        for (var day : days.entrySet()) {
            Counts dayTotal = Counts.ZERO;
            for (var e : day.getValue().entrySet()) {
                Line line = e.getKey();
                Counts c = e.getValue();
                dayTotal = dayTotal.plus(c);
                perKey.merge(line.account(), c, Counts::plus);
                perKeyVoice.computeIfAbsent(line.account(), k -> new TreeMap<>()).merge(line.voice(), c, Counts::plus);
                perKeyEndpoint.computeIfAbsent(line.account(), k -> new TreeMap<>())
                        .merge(line.endpoint(), c, Counts::plus);
                perKeyEngine.computeIfAbsent(line.account(), k -> new TreeMap<>()).merge(line.engine(), c, Counts::plus);
            }
            total = total.plus(dayTotal);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("date", day.getKey().toString());
            d.putAll(counts(dayTotal));
            perDay.add(d);
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        perKey.forEach((account, c) -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("key", account);
            k.putAll(counts(c));
            k.put("voices", breakdown("voice", perKeyVoice.get(account)));
            k.put("endpoints", breakdown("endpoint", perKeyEndpoint.get(account)));
            k.put("engines", breakdown("engine", perKeyEngine.get(account)));
            keys.add(k);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "usage");
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("key", key);
        body.put("totals", counts(total));
        body.put("keys", keys);
        body.put("days", perDay);
        CatalogHandlers.json(ctx, body);
    }

    private static List<Map<String, Object>> breakdown(String name, Map<String, Counts> by) {
        List<Map<String, Object>> out = new ArrayList<>();
        by.forEach((value, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(name, value);
            m.putAll(counts(c));
            out.add(m);
        });
        return out;
    }

    static Map<String, Object> counts(Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", c.requests());
        m.put("characters", c.characters());
        m.put("units", c.units());
        m.put("audio_seconds", Math.round(c.audioSeconds() * 1000) / 1000.0);
        return m;
    }

    private static LocalDate date(Context ctx, String param, LocalDate fallback) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) return fallback;
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw HlasException.invalid(param, "'" + param + "' must be a date like 2026-01-31 (UTC): " + v);
        }
    }
}
