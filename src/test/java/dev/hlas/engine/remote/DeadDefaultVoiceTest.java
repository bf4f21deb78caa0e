package dev.hlas.engine.remote;

import dev.hlas.config.HlasConfig;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A default voice on an upstream that is down does not keep the gateway from starting; requests then get a 503. */
class DeadDefaultVoiceTest {
    @TempDir
    Path home;

    @Test
    void the_gateway_starts_and_answers_503_for_the_dead_voice() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteSettings remote = UpstreamsFile.parse("upstreams:\n  - name: dead\n    url: http://127.0.0.1:" + port
                + "\n    tts: {voices: [alloy]}\n", "test", n -> null);
        try (TestServer gateway = new TestServer(home, c -> withDefaultVoice(c.withEngines(c.engines()
                .withRemote(remote)), "dead:alloy"))) {
            var response = gateway.post("/v1/audio/speech", TestServer.speechJson("dead:alloy", "Anyone there?", "mp3"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("upstream 'dead' refused the connection");
            assertThat(gateway.post("/v1/audio/speech", TestServer.speechJson("echo", "Local voices still speak.",
                    "wav")).statusCode()).isEqualTo(200);
        }
    }

    private static HlasConfig withDefaultVoice(HlasConfig c, String voice) {
        return new HlasConfig(c.host(), c.port(), c.maxInputChars(), voice, c.espeakLibrary(), c.espeakData(),
                c.home(), c.voices(), c.serving(), c.engines(), c.console(), c.wyoming(), c.webSocket(),
                c.jobs(), c.stt());
    }
}
