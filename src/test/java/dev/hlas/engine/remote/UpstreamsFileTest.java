package dev.hlas.engine.remote;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upstreams file: what it accepts, and that every mistake names its line and never shows a key. */
class UpstreamsFileTest {
    private static RemoteSettings parse(String yaml) {
        return UpstreamsFile.parse(yaml, "up.yaml", Map.of("GPU_KEY", "sk-from-env")::get);
    }

    @Test
    void a_full_file_is_read() {
        RemoteSettings s = parse("""
                upstreams:
                  - name: gpu
                    url: http://gpu-box:8000/
                    api_key_env: GPU_KEY
                    kind: hlas
                    timeout: 1500ms
                    priority: 2
                    tts:
                      voices: [alloy, af_bella]
                      languages: [en, cs]
                  - name: openai
                    url: https://api.openai.com
                    api_key: sk-literal
                    priority: 1
                    tts: {voices: "*", model: gpt-4o-mini-tts}
                """);
        Upstream gpu = s.upstreams().getFirst();
        assertThat(gpu.url().toString()).isEqualTo("http://gpu-box:8000");
        assertThat(gpu.apiKey()).isEqualTo("sk-from-env");
        assertThat(gpu.kind()).isEqualTo(Upstream.Kind.HLAS);
        assertThat(gpu.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(gpu.voices()).containsExactlyInAnyOrder("alloy", "af_bella");
        assertThat(gpu.speaks("en-us")).isTrue();
        assertThat(gpu.speaks("de")).isFalse();
        Upstream openai = s.upstreams().get(1);
        assertThat(openai.anyVoice()).isTrue();
        assertThat(openai.serves("anything")).isTrue();
        assertThat(openai.model()).isEqualTo("gpt-4o-mini-tts");
        assertThat(openai.timeout()).isEqualTo(UpstreamsFile.DEFAULT_TIMEOUT);
        assertThat(s.byPriority()).extracting(Upstream::name).containsExactly("openai", "gpu");
        assertThat(openai.toString()).doesNotContain("sk-literal").doesNotContain("api.openai.com");
    }

    @Test
    void an_unknown_key_names_its_line() {
        assertThatThrownBy(() -> parse("""
                upstreams:
                  - name: a
                    url: http://a:1
                    tts: {voices: [x]}
                    wieght: 3
                """)).hasMessage("up.yaml line 5: unknown key 'wieght' (expected one of api_key, api_key_env, breaker, kind, "
                + "name, priority, timeout, tts, url)");
    }

    @Test
    void a_bad_url_names_its_line_and_not_the_key() {
        assertThatThrownBy(() -> parse("""
                upstreams:
                  - name: a
                    api_key: sk-secret-123
                    url: ftp://a:1
                    tts: {voices: [x]}
                """)).hasMessageStartingWith("up.yaml line 4: url must be an http:// or https:// base URL")
                .message().doesNotContain("sk-secret-123");
        assertThatThrownBy(() -> parse("""
                upstreams:
                  - name: a
                    url: "http://exa mple"
                    tts: {voices: [x]}
                """)).hasMessageStartingWith("up.yaml line 3: bad url");
    }

    @Test
    void a_duplicate_name_names_both_lines() {
        assertThatThrownBy(() -> parse("""
                upstreams:
                  - name: a
                    url: http://a:1
                    tts: {voices: [x]}
                  - name: A
                    url: http://b:1
                    tts: {voices: [y]}
                """)).hasMessage("up.yaml line 5: duplicate upstream name 'A' (first on line 2)");
    }

    @Test
    void other_mistakes_are_named_too() {
        assertThatThrownBy(() -> parse("upstreams:\n  - name: a\n    url: http://a:1\n    api_key_env: NOPE\n"
                + "    tts: {voices: [x]}\n")).hasMessage(
                "up.yaml line 4: environment variable NOPE (api_key_env of upstream 'a') is not set");
        assertThatThrownBy(() -> parse("upstreams:\n  - name: a\n    url: http://a:1\n    kind: grpc\n"
                + "    tts: {voices: [x]}\n")).hasMessageStartingWith("up.yaml line 4: kind must be openai or hlas");
        assertThatThrownBy(() -> parse("upstreams:\n  - name: a\n    url: http://a:1\n"))
                .hasMessageStartingWith("up.yaml line 2: upstream 'a' needs a 'tts:' section");
        assertThatThrownBy(() -> parse("upstreams:\n  - name: a\n    url: http://a:1\n    timeout: soon\n"
                + "    tts: {voices: [x]}\n")).hasMessageStartingWith("up.yaml line 4: durations look like");
        assertThatThrownBy(() -> parse("servers: []\n")).hasMessageStartingWith("up.yaml line 1: unknown key 'servers'");
        assertThatThrownBy(() -> parse("upstreams:\n  - name: a\n  bad: [\n"))
                .hasMessageStartingWith("up.yaml line ");
    }
}
