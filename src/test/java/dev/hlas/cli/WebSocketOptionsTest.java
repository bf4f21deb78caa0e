package dev.hlas.cli;

import dev.hlas.config.WebSocketConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSocketOptionsTest {
    @Test
    void the_endpoint_is_on_by_default_with_a_five_minute_idle_timeout() {
        WebSocketConfig ws = CommandLine.populateCommand(new WebSocketOptions()).toConfig();
        assertThat(ws.enabled()).isTrue();
        assertThat(ws.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ws.maxSessions()).isEqualTo(WebSocketConfig.DEFAULT_MAX_SESSIONS);
    }

    @Test
    void flags_turn_it_off_and_bound_it() {
        WebSocketConfig ws = CommandLine.populateCommand(new WebSocketOptions(), "--no-ws", "--ws-idle-timeout", "30",
                "--ws-max-sessions", "8").toConfig();
        assertThat(ws.enabled()).isFalse();
        assertThat(ws.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ws.maxSessions()).isEqualTo(8);
    }

    @Test
    void serve_offers_the_options() {
        CommandLine serve = new CommandLine(new ServeCommand());
        assertThat(serve.getCommandSpec().optionsMap()).containsKeys("--ws", "--ws-idle-timeout",
                "--ws-max-sessions");
        assertThat(serve.getCommandSpec().findOption("--ws").negatable()).as("--no-ws").isTrue();
        assertThatThrownBy(() -> CommandLine.populateCommand(new WebSocketOptions(), "--ws-max-sessions", "0")
                .toConfig()).isInstanceOf(IllegalArgumentException.class);
    }
}
