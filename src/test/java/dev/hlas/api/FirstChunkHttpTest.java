package dev.hlas.api;

import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.Utterance;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-chunk rule through the real server: what the engine is asked to synthesize, request by request. */
class FirstChunkHttpTest {
    static final String FIRST = "When the first sentence of a reply is long, the listener should not wait for all of it.";
    static final String SECOND = "The second sentence is long too, but it is synthesized while the first one plays.";

    @TempDir
    Path home;

    private List<Utterance> heard(FirstChunk mode, String text) throws Exception {
        TestEngine engine = new TestEngine("first", 1);
        try (TestServer server = new TestServer(home, c -> c.withEngines(c.engines().withFirstClause(mode == FirstChunk.CLAUSE)),
                List.of(engine))) {
            HttpResponse<byte[]> response = server.post(TestServer.speechJson(engine.voiceId(), text, "pcm"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().length).isPositive();
        }
        return engine.heard();
    }

    @Test
    void by_default_only_the_first_sentence_is_cut_after_its_first_clause() throws Exception {
        assertThat(heard(FirstChunk.CLAUSE, FIRST + " " + SECOND)).containsExactly(
                new Utterance("When the first sentence of a reply is long,", "en", true),
                new Utterance("the listener should not wait for all of it.", "en", false),
                new Utterance(SECOND, "en", false));
    }

    @Test
    void short_first_sentences_stay_whole() throws Exception {
        assertThat(heard(FirstChunk.CLAUSE, "Hello, world. " + SECOND)).containsExactly(
                new Utterance("Hello, world.", "en", false), new Utterance(SECOND, "en", false));
    }

    @Test
    void first_chunk_sentence_synthesizes_every_sentence_whole() throws Exception {
        assertThat(heard(FirstChunk.SENTENCE, FIRST + " " + SECOND)).containsExactly(
                new Utterance(FIRST, "en", false), new Utterance(SECOND, "en", false));
    }
}
