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
                + "max_concurrent, name, priority, probe, stt, timeout, tts, url, weight)");
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

    @Test
    void the_load_health_audio_and_speech_to_text_keys_are_read() {
        RemoteSettings s = parse("""
                upstreams:
                  - name: xtts
                    url: http://gpu:8000
                    weight: 3
                    max_concurrent: 2
                    probe: {interval: 2s}
                    tts: {format: wav, split: upstream, languages: [en]}
                    stt: {models: [whisper-1, large-v3]}
                  - name: kokoro
                    url: http://gpu:8880
                    tts: {voices: [af_bella], sample_rate: 22050}
                  - name: ears
                    url: http://gpu:9000
                    stt: {models: [whisper-1]}
                """);
        Upstream xtts = s.upstreams().getFirst();
        assertThat(xtts.weight()).isEqualTo(3);
        assertThat(xtts.maxConcurrent()).isEqualTo(2);
        assertThat(xtts.probeInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(xtts.audio()).isEqualTo(Upstream.Audio.WAV);
        assertThat(xtts.wholeInput()).isTrue();
        assertThat(xtts.voices()).isEmpty(); // its own listing says which
        assertThat(xtts.tts()).isTrue();
        assertThat(xtts.sttModels()).containsExactly("whisper-1", "large-v3");
        Upstream kokoro = s.upstreams().get(1);
        assertThat(kokoro.sampleRate()).isEqualTo(22050);
        assertThat(kokoro.audio()).isEqualTo(Upstream.Audio.PCM);
        assertThat(kokoro.wholeInput()).isFalse();
        assertThat(kokoro.weight()).isEqualTo(1);
        assertThat(kokoro.maxConcurrent()).isZero();
        Upstream ears = s.upstreams().get(2);
        assertThat(ears.tts()).isFalse();
        assertThat(ears.sttModels()).containsExactly("whisper-1");
    }

    @Test
    void mistakes_in_the_new_keys_name_their_line() {
        String head = "upstreams:\n  - name: a\n    url: http://a:1\n";
        assertThatThrownBy(() -> parse(head + "    weight: heavy\n    tts: {voices: [x]}\n"))
                .hasMessage("up.yaml line 4: weight must be a whole number from 1 to 1000, not 'heavy'");
        assertThatThrownBy(() -> parse(head + "    max_concurrent: 0\n    tts: {voices: [x]}\n"))
                .hasMessageStartingWith("up.yaml line 4: max_concurrent must be a whole number from 1");
        assertThatThrownBy(() -> parse(head + "    tts:\n      voices: [x]\n      format: mp3\n"))
                .hasMessage("up.yaml line 6: format must be pcm or wav, not 'mp3'");
        assertThatThrownBy(() -> parse(head + "    tts:\n      voices: [x]\n      split: words\n"))
                .hasMessageStartingWith("up.yaml line 6: split must be sentences");
        assertThatThrownBy(() -> parse(head + "    tts:\n      voices: [x]\n      sample_rate: 44\n"))
                .hasMessageStartingWith("up.yaml line 6: sample_rate must be a whole number from 8000");
        assertThatThrownBy(() -> parse(head + "    stt:\n      langs: [en]\n"))
                .hasMessageStartingWith("up.yaml line 5: unknown key 'langs' (expected one of models)");
        assertThatThrownBy(() -> parse(head + "    stt: {}\n"))
                .hasMessageStartingWith("up.yaml line 4: stt needs 'models:'");
        assertThatThrownBy(() -> parse(head + "    stt: {models: [\"bad model\"]}\n"))
                .hasMessage("up.yaml line 4: bad model name 'bad model'");
        assertThatThrownBy(() -> parse(head + "    probe: {every: 2s}\n    tts: {voices: [x]}\n"))
                .hasMessageStartingWith("up.yaml line 4: unknown key 'every'");
    }
}
