package dev.hlas.cli;

import dev.hlas.config.WyomingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WyomingOptionsTest {
    @Test
    void wyoming_is_off_by_default_with_three_speed_variants_and_zeroconf() {
        WyomingConfig w = CommandLine.populateCommand(new ServeOptions()).toConfig().wyoming();
        assertThat(w.enabled()).isFalse();
        assertThat(w.speeds()).containsExactly(0.9, 1.1, 1.2);
        assertThat(w.zeroconf()).isTrue();
        assertThat(w.hostOr("0.0.0.0")).isEqualTo("0.0.0.0");
    }

    @Test
    void flags_become_the_wyoming_config() {
        WyomingConfig w = CommandLine.populateCommand(new ServeOptions(), "--host", "127.0.0.1", "--wyoming-port",
                "10200", "--wyoming-host", "192.168.1.5", "--wyoming-speeds", "0.8, 1.5", "--no-zeroconf")
                .toConfig().wyoming();
        assertThat(w.enabled()).isTrue();
        assertThat(w.port()).isEqualTo(10200);
        assertThat(w.hostOr("127.0.0.1")).isEqualTo("192.168.1.5");
        assertThat(w.speeds()).containsExactly(0.8, 1.5);
        assertThat(w.zeroconf()).isFalse();
        assertThat(CommandLine.populateCommand(new ServeOptions(), "--wyoming-speeds", "").toConfig().wyoming()
                .speeds()).isEmpty();
    }

    @Test
    void bad_speeds_are_refused_at_start() {
        assertThatThrownBy(() -> WyomingConfig.off().withSpeeds(List.of(5.0))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("0.25–4.0");
        assertThatThrownBy(() -> WyomingConfig.parseSpeeds("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WyomingConfig.off().withPort(70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
