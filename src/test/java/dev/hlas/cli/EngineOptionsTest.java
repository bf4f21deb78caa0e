package dev.hlas.cli;

import dev.hlas.config.EnginesConfig;
import dev.hlas.engine.kokoro.KokoroSettings;
import dev.hlas.engine.supertonic.SupertonicSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each engine's threads come from the command line (or its HLAS_* variable through picocli), never from the engine. */
class EngineOptionsTest {
    @Test
    void thread_flags_become_each_engines_settings() {
        SynthesisOptions options = CommandLine.populateCommand(new SynthesisOptions(), "--onnx-threads", "2",
                "--onnx-spinning", "--sentence-silence", "0.1", "--kokoro-threads", "3", "--supertonic-threads", "1");
        EnginesConfig engines = options.toConfig().engines();
        assertThat(engines.piper().onnx().intraOpThreads()).isEqualTo(2);
        assertThat(engines.piper().onnx().spinning()).isTrue();
        assertThat(engines.piper().sentenceSilence()).isEqualTo(0.1);
        assertThat(engines.kokoro().onnx().intraOpThreads()).isEqualTo(3);
        assertThat(engines.supertonic().onnx().intraOpThreads()).isEqualTo(1);
    }

    @Test
    void without_flags_each_engine_sizes_itself_for_the_machine() {
        EnginesConfig engines = CommandLine.populateCommand(new SynthesisOptions()).toConfig().engines();
        assertThat(engines.kokoro()).isEqualTo(KokoroSettings.defaults());
        assertThat(engines.supertonic()).isEqualTo(SupertonicSettings.defaults());
    }

    @Test
    void a_thread_count_out_of_range_is_refused_naming_the_engine() {
        SynthesisOptions options = CommandLine.populateCommand(new SynthesisOptions(), "--kokoro-threads", "0");
        assertThatThrownBy(options::toConfig).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Kokoro threads");
    }
}
