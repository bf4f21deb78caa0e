package dev.hlas.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UsageLedgerTest {
    @TempDir
    Path dir;

    @Test
    void a_request_is_billed_one_unit_per_started_thousand_characters_and_at_least_one() {
        assertThat(UsageLedger.units(0)).isEqualTo(1);
        assertThat(UsageLedger.units(1)).isEqualTo(1);
        assertThat(UsageLedger.units(999)).isEqualTo(1);
        assertThat(UsageLedger.units(1000)).isEqualTo(1);
        assertThat(UsageLedger.units(1001)).isEqualTo(2);
        assertThat(UsageLedger.units(1_000_000)).isEqualTo(1000);
    }

    @Test
    void days_are_kept_apart_and_survive_a_reopen() {
        Clock monday = Clock.fixed(Instant.parse("2026-03-02T23:59:00Z"), ZoneOffset.UTC);
        Clock tuesday = Clock.fixed(Instant.parse("2026-03-03T00:01:00Z"), ZoneOffset.UTC);
        try (UsageLedger a = new UsageLedger(dir, monday)) {
            a.record("key-a", "/v1/audio/speech", "v1", "e1", 1001, 1.5);
            a.record("key-a", "/v1/audio/speech", "v1", "e1", 10, 0.5);
            a.record("key-b", "ws:/v1/audio/speech/stream", "v2", "e2", 0, 0);
        }
        try (UsageLedger b = new UsageLedger(dir, tuesday)) {
            b.record("key-a", "/v1/audio/speech", "v1", "e1", 5, 0.25);
            var monday2 = b.lines(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"), "key-a");
            var counts = monday2.get(LocalDate.parse("2026-03-02"))
                    .get(new UsageLedger.Line("key-a", "/v1/audio/speech", "v1", "e1"));
            assertThat(counts.requests()).isEqualTo(2);
            assertThat(counts.characters()).isEqualTo(1011);
            assertThat(counts.units()).isEqualTo(3); // 2 + 1: units add up per request
            assertThat(counts.audioSeconds()).isCloseTo(2.0, within(1e-9));
            assertThat(b.lines(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-03"), null)).hasSize(2);
            assertThat(b.lines(LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-03"), "key-b")).isEmpty();
        }
        try (UsageLedger c = new UsageLedger(dir, tuesday)) {
            var tuesdayLines = c.lines(LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-03"), null);
            assertThat(tuesdayLines.get(LocalDate.parse("2026-03-03")).values().iterator().next().characters())
                    .isEqualTo(5);
        }
    }
}
