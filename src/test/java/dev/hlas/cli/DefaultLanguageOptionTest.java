package dev.hlas.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --default-language}: the language of short sentences nothing else decides. */
class DefaultLanguageOptionTest {
    private static String defaultLanguage(String... args) {
        return CommandLine.populateCommand(new SynthesisOptions(), args).toConfig().voices().defaultLanguage();
    }

    @Test
    void defaults_to_the_first_language_of_the_default_voices() {
        assertThat(defaultLanguage()).isEqualTo("cs");
        assertThat(defaultLanguage("--default-voices", "en=en_US-lessac-medium,cs=cs_CZ-jirka-medium"))
                .isEqualTo("en");
        assertThat(defaultLanguage("--default-voices", "echo.en=am_echo")).isEqualTo("cs");
    }

    @Test
    void the_option_wins_and_must_be_a_language_code() {
        assertThat(defaultLanguage("--default-language", "SK")).isEqualTo("sk");
        assertThatThrownBy(() -> defaultLanguage("--default-language", "czech!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("language code");
    }
}
