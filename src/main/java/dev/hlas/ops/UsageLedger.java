package dev.hlas.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * What each account used, in daily rollups (UTC days): requests, input characters, billing units and audio seconds,
 * per account (an API key's label, or {@code client-<address>} when keys are off), endpoint, voice and engine.
 *
 * <p>A request is billed {@link #units} = max(1, ⌈characters / 1000⌉) units; units are added up per request, so
 * two requests of 10 characters are 2 units, not 1. Each day is a JSON file {@code <dir>/YYYY-MM-DD.json}, rewritten
 * (temporary file, then an atomic move) shortly after it changes and when the ledger closes, so a restart keeps the
 * totals and a crash loses at most the last moments. Thread-safe.
 */
public final class UsageLedger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final Path dir;
    private final Clock clock;
    private final TreeMap<LocalDate, Map<Line, Counts>> days = new TreeMap<>();
    private final Set<LocalDate> dirty = new HashSet<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("hlas-usage-writer").factory());

    /** One row of a day: who, through which endpoint, with which voice(s) of which engine(s). */
    public record Line(String account, String endpoint, String voice, String engine) {
    }

    /**
     * Usage added up.
     *
     * @param audioSeconds seconds of audio delivered
     */
    public record Counts(long requests, long characters, long units, double audioSeconds) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(requests + o.requests, characters + o.characters, units + o.units,
                    audioSeconds + o.audioSeconds);
        }
    }

    /** A stored row. */
    private record Row(String key, String endpoint, String voice, String engine, long requests, long characters,
                       long units, @JsonProperty("audio_seconds") double audioSeconds) {
    }

    /** Reads the days already recorded under {@code dir} (created when missing). */
    public UsageLedger(Path dir) {
        this(dir, Clock.systemUTC());
    }

    UsageLedger(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.json"))
                        .toList()) {
                    load(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read usage under " + dir, e);
        }
    }

    private void load(Path file) {
        String name = file.getFileName().toString();
        try {
            LocalDate day = LocalDate.parse(name.substring(0, name.length() - ".json".length()));
            List<Row> rows = JSON.readValue(file.toFile(), new TypeReference<List<Row>>() { });
            Map<Line, Counts> lines = days.computeIfAbsent(day, d -> new TreeMap<>(LINE_ORDER));
            for (Row r : rows) {
                lines.merge(new Line(r.key(), r.endpoint(), r.voice(), r.engine() == null ? "-" : r.engine()),
                        new Counts(r.requests(), r.characters(), r.units(), r.audioSeconds()), Counts::plus);
            }
        } catch (IOException | DateTimeParseException e) {
            log.warn("ignoring unreadable usage file {}: {}", file, e.toString());
        }
    }

    private static final Comparator<Line> LINE_ORDER = Comparator.comparing(Line::account)
            .thenComparing(Line::endpoint).thenComparing(Line::voice).thenComparing(Line::engine);

    /** Billing units of one request of {@code characters} characters: max(1, ⌈characters / 1000⌉). */
    public static long units(long characters) {
        return Math.max(1, (Math.max(0, characters) + 999) / 1000);
    }

    /** Adds one request, today (UTC); {@code voice} and {@code engine} may list several, comma-separated. */
    public void record(String account, String endpoint, String voice, String engine, long characters,
                       double audioSeconds) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Line line = new Line(orDash(account), orDash(endpoint), orDash(voice), orDash(engine));
        Counts counts = new Counts(1, characters, units(characters), Math.max(0, audioSeconds));
        synchronized (this) {
            days.computeIfAbsent(today, d -> new TreeMap<>(LINE_ORDER)).merge(line, counts, Counts::plus);
            dirty.add(today);
        }
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    flushScheduled.set(false);
                    flush();
                });
            } catch (RuntimeException e) {
                flushScheduled.set(false); // closing: close() flushes
            }
        }
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Every line of the days from {@code from} to {@code to} (inclusive), for {@code account} or all when null. */
    public synchronized Map<LocalDate, Map<Line, Counts>> lines(LocalDate from, LocalDate to, String account) {
        Map<LocalDate, Map<Line, Counts>> out = new TreeMap<>();
        days.subMap(from, true, to, true).forEach((day, lines) -> {
            Map<Line, Counts> kept = new TreeMap<>(LINE_ORDER);
            lines.forEach((line, counts) -> {
                if (account == null || account.equals(line.account())) kept.put(line, counts);
            });
            if (!kept.isEmpty()) out.put(day, kept);
        });
        return out;
    }

    /** Writes the days that changed. */
    public void flush() {
        Map<LocalDate, List<Row>> toWrite = new TreeMap<>();
        synchronized (this) {
            for (LocalDate day : dirty) {
                List<Row> rows = new ArrayList<>();
                days.get(day).forEach((l, c) -> rows.add(new Row(l.account(), l.endpoint(), l.voice(), l.engine(),
                        c.requests(), c.characters(), c.units(), c.audioSeconds())));
                toWrite.put(day, rows);
            }
            dirty.clear();
        }
        synchronized (writer) {
            toWrite.forEach((day, rows) -> {
                Path file = dir.resolve(day + ".json");
                Path tmp = dir.resolve("." + day + ".json.part");
                try {
                    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rows);
                    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        while (buffer.hasRemaining()) channel.write(buffer);
                        channel.force(false); // whole on disk before it replaces the day's file
                    }
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    log.warn("cannot write usage for {}: {}", day, e.toString());
                    synchronized (this) {
                        dirty.add(day);
                    }
                }
            });
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) log.warn("usage writer did not stop in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
