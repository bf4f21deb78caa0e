package dev.hlas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The response cache's memory tier, which lives in the heap, never asks for more than a third of it. */
class MemoryTierCapTest {
    @Test
    void a_tier_larger_than_a_third_of_the_heap_is_capped_and_a_smaller_one_kept() {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(Hlas.memoryTierBytes(64L << 20)).isEqualTo(Math.min(64L << 20, heap / 3));
        assertThat(Hlas.memoryTierBytes(heap)).isEqualTo(heap / 3);
        assertThat(Hlas.memoryTierBytes(0)).isZero();
    }
}
