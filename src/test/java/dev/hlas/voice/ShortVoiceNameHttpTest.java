package dev.hlas.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A voice's short name ({@code jirka}) stands for the installed voice; the sentence language picks among several. */
class ShortVoiceNameHttpTest {
    @TempDir
    static Path home;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-jirka-medium", "cs", "cs_CZ"));
        SyntheticPiperVoice.install(store, Spec.single("cs_CZ-hidden-medium", "cs", "cs_CZ"));
        SyntheticPiperVoice.install(store, Spec.single("en_US-hidden-medium", "en-us", "en_US"));
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> speak(String voice, String text, String language) throws Exception {
        return server.post("{\"model\":\"tts-1\",\"voice\":\"" + voice + "\",\"input\":\"" + text
                + "\",\"response_format\":\"pcm\",\"language\":\"" + language + "\"}");
    }

    @Test
    void the_seed_request_with_a_short_name_speaks_with_the_installed_voice() throws Exception {
        HttpResponse<byte[]> r = server.post("{\"model\":\"tts-1\",\"input\":\"Dobrý den, jak se máte?\","
                + "\"voice\":\"jirka\"}");
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voice")).hasValue("cs_CZ-jirka-medium");
    }

    @Test
    void a_short_name_of_voices_in_two_languages_follows_the_sentence_language() throws Exception {
        HttpResponse<byte[]> czech = speak("hidden", "Dobrý den, jak se máte?", "cs");
        assertThat(czech.statusCode()).isEqualTo(200);
        assertThat(czech.headers().firstValue("X-Voice")).hasValue("cs_CZ-hidden-medium");
        HttpResponse<byte[]> english = speak("hidden", "Good morning, how are you?", "en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("X-Voice")).hasValue("en_US-hidden-medium");
    }

    @Test
    void a_short_name_nothing_installed_has_is_still_refused() throws Exception {
        HttpResponse<byte[]> r = speak("nobody", "Hello.", "en");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/param").asText()).isEqualTo("voice");
    }
}
