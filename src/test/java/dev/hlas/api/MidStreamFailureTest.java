package dev.hlas.api;

import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An engine failure after audio went out must be a failed transfer, never a clean-looking truncated file. */
class MidStreamFailureTest {
    /** Fails from its third utterance on: two sentences of audio go out first. */
    static final TestEngine LATE = new TestEngine("late", 1).chunks(1, 0.3).failFrom(2);
    /** Fails at once. */
    static final TestEngine EARLY = new TestEngine("early", 1).failFrom(0);
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(home, c -> c, List.of(LATE, EARLY));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void failure_in_a_later_sentence_aborts_the_response() throws Exception {
        String body = "{\"model\":\"tts-1\",\"input\":\"One sentence here. Two sentences here. Three fails.\","
                + "\"voice\":\"" + LATE.voiceId() + "\",\"response_format\":\"wav\"}";
        assertThatThrownBy(() -> server.post("/v1/audio/speech", body)).isInstanceOf(IOException.class);
        assertThat(LATE.calls()).isEqualTo(3);
    }

    @Test
    void failure_in_the_first_sentence_is_a_clean_500_envelope() throws Exception {
        var response = server.post("/v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"Fails at once.\","
                + "\"voice\":\"" + EARLY.voiceId() + "\",\"response_format\":\"wav\"}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(new String(response.body())).contains("\"type\":\"server_error\"")
                .doesNotContain("told to fail");
    }
}
