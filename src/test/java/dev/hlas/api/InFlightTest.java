package dev.hlas.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightTest {
    @Test
    void a_waiting_drain_is_woken_by_the_last_exit() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.awaitIdle(Duration.ZERO)).isTrue();
        inFlight.enter();
        inFlight.enter();
        assertThat(inFlight.awaitIdle(Duration.ZERO)).as("two in flight").isFalse();
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                assertThat(inFlight.awaitIdle(Duration.ofSeconds(30))).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        });
        inFlight.exit();
        inFlight.exit();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(waited.get(10, TimeUnit.SECONDS))).isLessThan(10);
        assertThat(inFlight.count()).isZero();
        assertThatThrownBy(inFlight::exit).isInstanceOf(IllegalStateException.class);
    }
}
