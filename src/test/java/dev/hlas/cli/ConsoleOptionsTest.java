package dev.hlas.cli;

import dev.hlas.config.ConsoleConfig;
import dev.hlas.config.HlasConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --no-ui}, {@code --admin-keys} and {@code --recent-requests} become the console's configuration. */
class ConsoleOptionsTest {
    @Test
    void flags_become_the_console_config() {
        HlasConfig config = CommandLine.populateCommand(new ServeOptions(), "--no-ui", "--admin-keys", "ad-1, ad-2",
                "--recent-requests", "500").toConfig();
        ConsoleConfig c = config.console();
        assertThat(c.ui()).isFalse();
        assertThat(config.serving().adminKeys()).containsExactly("ad-1", "ad-2");
        assertThat(c.recentRequests()).isEqualTo(500);
    }

    @Test
    void defaults_serve_the_console_without_admin_keys_and_keep_100_requests() {
        ConsoleConfig c = CommandLine.populateCommand(new ServeOptions()).toConfig().console();
        assertThat(c).isEqualTo(ConsoleConfig.defaults());
        assertThat(c.ui()).isTrue();
        assertThat(c.recentRequests()).isEqualTo(100);
    }

    @Test
    void ring_depth_outside_10_to_10000_is_refused() {
        assertThatThrownBy(() -> CommandLine.populateCommand(new ServeOptions(), "--recent-requests", "9").toConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10–10000");
        assertThatThrownBy(() -> CommandLine.populateCommand(new ServeOptions(), "--recent-requests", "10001")
                .toConfig()).isInstanceOf(IllegalArgumentException.class);
    }
}
