package dev.hlas.engine.onnx;

import dev.hlas.error.EngineFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Loading on first use, once; closing without waiting for a load that is still running. */
class LazyModelTest {
    /** Stands for a loaded model: counts closes. */
    static final class Loaded implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void nothing_loads_until_asked_and_then_once() {
        AtomicInteger loads = new AtomicInteger();
        LazyModel<Loaded> lazy = new LazyModel<>("test model", () -> {
            loads.incrementAndGet();
            return new Loaded();
        });
        assertThat(lazy.loaded()).isFalse();
        assertThat(loads).hasValue(0);
        Loaded first = lazy.get();
        assertThat(lazy.get()).isSameAs(first);
        assertThat(loads).hasValue(1);
        lazy.close();
        assertThat(first.closes).hasValue(1);
        assertThatThrownBy(lazy::get).isInstanceOf(EngineFailure.class).hasMessageContaining("closed");
    }

    @Test
    void close_returns_while_a_load_is_running_and_the_loader_closes_what_it_loaded() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Loaded model = new Loaded();
        LazyModel<Loaded> lazy = new LazyModel<>("test model", () -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model;
        });
        CompletableFuture<Loaded> user = CompletableFuture.supplyAsync(lazy::get);
        loading.await();
        // The loader is blocked until released: a close that waited for it could never return.
        assertTimeoutPreemptively(Duration.ofSeconds(10), lazy::close);
        release.countDown();
        assertThatThrownBy(user::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EngineFailure.class);
        assertThat(model.closes).hasValue(1);
        assertThat(lazy.loaded()).isFalse();
    }
}
