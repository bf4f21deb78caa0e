package dev.hlas.api.ws;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hlas.testing.Chromium;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket endpoint from a real browser ({@link Chromium}), against a server with API keys: a page of the server
 * opens {@code new WebSocket(url, ["hlas", "openai-insecure-api-key.<key>"])} — a browser cannot set headers —, sends
 * config, text and flush, collects the pcm audio and plays it through Web Audio; a wrong key is closed with 1008.
 */
class WebSocketBrowserTest {
    private static final String KEY = "browser-key";
    /** Connects, speaks one text, plays its audio to the end; answers what the page saw. */
    private static final String SPEAK_AND_PLAY = """
            async ([url, key]) => {
              const ws = new WebSocket(url, ["hlas", "openai-insecure-api-key." + key]);
              const chunks = [];
              await new Promise((resolve, reject) => {
                ws.onmessage = (e) => {
                  const m = JSON.parse(e.data);
                  if (m.type === "ready") {
                    ws.send(JSON.stringify({ type: "config", voice: "alloy", lang: "en", response_format: "pcm" }));
                    ws.send(JSON.stringify({ type: "text", text: "Hello from the browser. " }));
                    ws.send(JSON.stringify({ type: "text", text: "It plays what it hears." }));
                    ws.send(JSON.stringify({ type: "flush" }));
                  } else if (m.type === "audio") {
                    chunks.push(Uint8Array.from(atob(m.chunk), (c) => c.charCodeAt(0)));
                  } else if (m.type === "audio_end") {
                    resolve();
                  } else if (m.type === "error") {
                    reject(new Error(JSON.stringify(m)));
                  }
                };
                ws.onclose = (e) => reject(new Error("closed " + e.code + " " + e.reason));
              });
              ws.onclose = null;
              ws.close();
              const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
              let at = 0;
              for (const c of chunks) { bytes.set(c, at); at += c.length; }
              const samples = new Int16Array(bytes.buffer, 0, bytes.length >> 1);
              const audio = new AudioContext();
              const buffer = audio.createBuffer(1, samples.length, 24000);
              buffer.getChannelData(0).set(Float32Array.from(samples, (v) => v / 32768));
              const source = audio.createBufferSource();
              source.buffer = buffer;
              source.connect(audio.destination);
              const ended = new Promise((resolve) => { source.onended = () => resolve(true); });
              const started = audio.currentTime;
              source.start();
              const played = await Promise.race([ended,
                  new Promise((resolve) => setTimeout(() => resolve(false), buffer.duration * 1000 + 10000))]);
              window.playedSeconds = buffer.duration;
              return { protocol: ws.protocol, chunks: chunks.length, duration: buffer.duration, played,
                       elapsed: audio.currentTime - started, peak: Math.max(...samples.map(Math.abs)) };
            }""";
    private static final String WRONG_KEY = """
            async ([url]) => new Promise((resolve) => {
              const ws = new WebSocket(url, ["hlas", "openai-insecure-api-key.not-the-key"]);
              const got = [];
              ws.onmessage = (e) => got.push(JSON.parse(e.data).type);
              ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, messages: got.join(",") });
            })""";
    private static Path home;
    private static TestServer server;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        home = Files.createTempDirectory("hlas-ws-browser");
        server = new TestServer(home, c -> c.withServing(c.serving().withApiKeys(List.of(KEY))));
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    private Page page() {
        Page page = browser.newContext().newPage();
        page.navigate("http://127.0.0.1:" + server.port() + "/console/favicon.svg");
        return page;
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + server.port() + "/v1/audio/speech/stream";
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_page_connects_with_the_subprotocol_key_and_plays_the_audio() {
        Page page = page();
        Map<String, Object> got = (Map<String, Object>) page.evaluate(SPEAK_AND_PLAY, List.of(wsUrl(), KEY));
        assertThat(got.get("protocol")).as("the key is not echoed back").isEqualTo("hlas");
        assertThat(((Number) got.get("chunks")).intValue()).isPositive();
        double duration = ((Number) got.get("duration")).doubleValue();
        assertThat(duration).as("seconds of audio").isGreaterThan(0.5);
        assertThat(((Number) got.get("peak")).intValue()).as("not silence").isGreaterThan(1000);
        assertThat(got.get("played")).as("Web Audio played the buffer to its end").isEqualTo(true);
        assertThat(((Number) got.get("elapsed")).doubleValue()).isGreaterThanOrEqualTo(duration * 0.9);
        assertThat(((Number) page.evaluate("() => window.playedSeconds")).doubleValue()).isEqualTo(duration);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_wrong_key_is_closed_with_1008() {
        Map<String, Object> got = (Map<String, Object>) page().evaluate(WRONG_KEY, List.of(wsUrl()));
        assertThat(((Number) got.get("code")).intValue()).as(got.toString()).isEqualTo(1008);
        assertThat((String) got.get("messages")).doesNotContain("ready");
    }
}
