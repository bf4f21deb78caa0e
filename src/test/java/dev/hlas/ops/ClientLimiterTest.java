package dev.hlas.ops;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLimiterTest {
    @Test
    void at_its_limit_a_client_gets_back_the_places_of_connections_it_has_closed() {
        ClientLimiter limiter = new ClientLimiter(2);
        AtomicBoolean firstClosed = new AtomicBoolean();
        AtomicInteger cancelled = new AtomicInteger();
        ClientLimiter.Permit first = limiter.tryAcquire("a", firstClosed::get).orElseThrow();
        first.onRevoke(cancelled::incrementAndGet);
        ClientLimiter.Permit second = limiter.tryAcquire("a", () -> false).orElseThrow();
        assertThat(limiter.tryAcquire("b", () -> false)).as("another client has its own places").isPresent();
        assertThat(limiter.tryAcquire("a", () -> false)).as("two live connections: full").isEmpty();
        assertThat(cancelled).hasValue(0);

        firstClosed.set(true);
        ClientLimiter.Permit third = limiter.tryAcquire("a", () -> false).orElseThrow();
        assertThat(first.revoked()).isTrue();
        assertThat(cancelled).as("the abandoned request is told, once").hasValue(1);
        assertThat(limiter.inUse("a")).isEqualTo(2);

        first.release(); // the abandoned request ends later: its place was already given back
        assertThat(limiter.inUse("a")).isEqualTo(2);
        first.onRevoke(cancelled::incrementAndGet); // registered after revocation: runs at once
        assertThat(cancelled).hasValue(2);
        second.release();
        second.release();
        third.release();
        assertThat(limiter.inUse("a")).isZero();
        assertThat(second.revoked()).isFalse();
    }

    @Test
    void unlimited_hands_out_places_without_counting() {
        ClientLimiter limiter = new ClientLimiter(0);
        for (int i = 0; i < 100; i++) assertThat(limiter.tryAcquire("a", () -> false)).isPresent();
        assertThat(limiter.inUse("a")).isZero();
    }
}
