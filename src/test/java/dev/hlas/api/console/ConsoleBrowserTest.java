package dev.hlas.api.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.hlas.testing.Chromium;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser ({@link Chromium}: Debian's Chromium driven by Playwright for Java), against one real
 * server shared by the class.
 * Screenshots of both views at desktop and phone width go to {@code target/screenshots/}.
 */
class ConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String CZECH = "Dne 21. listopadu jsme jeli do Brna.";
    private static final String ENGLISH = "The meeting starts at ten in the morning.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;
    private static TestServer server;
    private static Playwright playwright;
    private static Browser browser;
    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        home = Files.createTempDirectory("hlas-console");
        server = new TestServer(home);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void open() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) consoleErrors.add(m.text());
        });
        page.onPageError(e -> consoleErrors.add(e));
        page.navigate(url("/"));
        page.getByTestId("voice").locator("option[value=alloy]").waitFor(
                new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
    }

    @AfterEach
    void close() {
        context.close();
        assertThat(consoleErrors).as("errors in the browser console").isEmpty();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Seconds of audio the API gives for {@code text} (as wav, read from its header). */
    private static double apiSeconds(String text, String lang) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", "tts-1", "voice", "alloy", "input", text,
                "response_format", "wav", "language", lang));
        var response = server.post(body);
        assertThat(response.statusCode()).isEqualTo(200);
        return Wav.parse(response.body()).seconds();
    }

    @Test
    void speaks_czech_and_english_in_every_format_and_the_player_holds_the_api_duration() throws Exception {
        for (String[] sample : new String[][]{{CZECH, "cs"}, {ENGLISH, "en"}}) {
            double expected = apiSeconds(sample[0], sample[1]);
            page.getByTestId("text").fill(sample[0]);
            page.getByTestId("lang").selectOption(sample[1]);
            for (String format : List.of("mp3", "opus", "aac", "flac", "wav", "pcm")) {
                page.getByTestId("format").selectOption(format);
                if (format.equals("wav")) { // keyboard: Speak is reachable and pressable without a mouse
                    page.getByTestId("speak").focus();
                    page.keyboard().press("Enter");
                } else {
                    page.getByTestId("speak").click();
                }
                Locator audio = page.getByTestId("audio");
                page.waitForFunction("() => ['ready', 'failed'].includes(document.querySelector('[data-testid=audio]')"
                        + ".dataset.state)");
                assertThat(audio.getAttribute("data-state")).as(format + ": " + page.getByTestId("status")
                        .textContent()).isEqualTo("ready");
                double duration = ((Number) audio.evaluate("a => a.duration")).doubleValue();
                assertThat(duration).as(sample[1] + " " + format + " duration").isCloseTo(expected,
                        org.assertj.core.data.Offset.offset(Math.max(0.15, expected * 0.05)));
                if (format.equals("pcm")) {
                    assertThat(audio.getAttribute("data-web-audio")).isEqualTo("playing");
                } else {
                    page.waitForFunction("() => document.querySelector('[data-testid=audio]').currentTime > 0");
                }
                assertThat(page.getByTestId("ttfb").textContent()).matches("\\d+ ms");
                assertThat(page.getByTestId("download").getAttribute("download")).isEqualTo("speech." + format);
                assertThat(page.getByTestId("download").getAttribute("href")).startsWith("blob:");
            }
        }
    }

    /** Records, in the page, each word the read-along marks and the player's position when it did. */
    private static final String RECORD_MARKS = """
            () => {
              window.marked = [];
              const audio = document.querySelector('[data-testid=audio]');
              new MutationObserver(() => {
                const now = document.querySelector('[data-testid=read-along] .word.now');
                if (!now) return;
                const index = Number(now.dataset.index);
                if (window.marked.length && window.marked.at(-1).index === index) return;
                window.marked.push({ index, text: now.textContent, t: audio.currentTime });
              }).observe(document.querySelector('[data-testid=read-along]'),
                         { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
            }""";

    @Test
    void the_word_being_played_is_highlighted_in_order_and_is_the_text_it_came_from() throws Exception {
        String text = "On 3 May, Dr. Smith paid $25 for the quick brown fox, and then it ran far away.";
        page.getByTestId("text").fill(text);
        page.getByTestId("lang").selectOption("en");
        assertThat(page.getByTestId("follow").isChecked()).isTrue();
        page.evaluate(RECORD_MARKS);
        for (String format : List.of("wav", "mp3")) { // played from the Blob; streamed through MediaSource
            page.evaluate("() => { window.marked = []; }");
            page.getByTestId("format").selectOption(format);
            page.getByTestId("speak").click();
            if (format.equals("wav")) {
                page.waitForFunction("() => window.marked.length >= 3");
                shoot("read-along");
            }
            page.waitForFunction("() => document.querySelector('[data-testid=audio]').ended", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            // The same body: answered from what the console's request stored, so the very words it was sent.
            String body = JSON.writeValueAsString(Map.of("model", "tts-1", "voice", "alloy", "input", text,
                    "response_format", format, "language", "en"));
            var response = server.post("/v1/audio/captions", body);
            assertThat(response.statusCode()).isEqualTo(200);
            var words = JSON.readTree(response.body()).get("words");
            assertThat(page.getByTestId("read-along").textContent()).isEqualTo(text);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> marked = (List<Map<String, Object>>) page.evaluate("() => window.marked");
            assertThat(marked.size()).as(format + ": words marked while playing: " + marked)
                    .isGreaterThanOrEqualTo(Math.max(4, words.size() / 2));
            int last = -1;
            for (Map<String, Object> m : marked) {
                int index = ((Number) m.get("index")).intValue();
                assertThat(index).as(format + " marks in order: " + marked).isGreaterThan(last);
                last = index;
                var w = words.get(index);
                assertThat(m.get("text")).as(format).isEqualTo(w.get("word").asText())
                        .isEqualTo(text.substring(w.get("char_start").asInt(), w.get("char_end").asInt()));
                double t = ((Number) m.get("t")).doubleValue();
                assertThat(t).as(format + " position when " + w + " was marked")
                        .isBetween(w.get("start").asDouble() - 0.1, w.get("end").asDouble() + 0.1);
            }
            assertThat(marked).extracting(m -> m.get("text")).contains("$25", "Dr.");
        }
    }

    @Test
    void what_will_be_read_shows_the_normalized_reading_before_speaking() {
        page.getByTestId("text").fill("Přijďte 21. listopadu. It costs $25.");
        Locator analysis = page.getByTestId("analysis");
        page.waitForFunction("() => document.querySelector('[data-testid=analysis]').textContent"
                + ".includes('dvacátého prvního listopadu')");
        assertThat(analysis.textContent()).contains("twenty-five dollars").contains("(cs)").contains("(en)");
    }

    @Test
    void observatory_counts_a_request_made_through_the_api_and_opens_its_record() throws Exception {
        page.getByTestId("tab-observatory").click();
        assertThat(server.post(TestServer.speechJson("alloy", "Counted by the observatory.", "mp3")).statusCode())
                .isEqualTo(200);
        long total = JSON.readTree(server.get("/metrics/summary").body()).get("total_requests").asLong();
        page.waitForFunction("() => document.querySelector('[data-testid=total-requests]').textContent === '"
                + total + "'");
        Locator row = page.getByTestId("recent-row").first();
        assertThat(row.textContent()).contains("ok").contains("mp3");
        row.click();
        assertThat(page.getByTestId("record").textContent()).contains("\"transport\": \"http\"");
        shoot("observatory-desktop");
        page.setViewportSize(360, 740);
        assertNoHorizontalScroll();
        shoot("observatory-phone");
    }

    @Test
    void theme_and_view_persist_over_a_reload() {
        assertThat(page.locator("html").getAttribute("data-theme")).isEqualTo("dark");
        page.getByTestId("theme").click();
        page.getByTestId("tab-voices").click();
        page.reload();
        assertThat(page.locator("html").getAttribute("data-theme")).isEqualTo("light");
        assertThat(page.getByTestId("tab-voices").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(page.locator("#view-voices").isVisible()).isTrue();
        page.locator("#voice-rows tr").first().waitFor();
        shoot("voices-light-desktop");
    }

    @Test
    void console_controls_are_labelled_and_the_page_fits_a_phone() {
        for (String id : List.of("text", "voice", "lang", "speed", "format")) {
            String label = (String) page.getByTestId(id).evaluate("e => e.labels.length ? e.labels[0].textContent : ''");
            assertThat(label).as(id + " has a label").isNotBlank();
        }
        page.getByTestId("code-lang").selectOption("python");
        assertThat(page.getByTestId("code").textContent()).contains("base_url=\"" + url("/v1") + "\"");
        page.getByTestId("code-lang").selectOption("websocket");
        assertThat(page.getByTestId("code").textContent())
                .contains("new WebSocket(\"" + url("/v1/audio/speech/stream").replace("http://", "ws://") + "\"")
                .contains("\"type\":\"config\"").contains("\"response_format\":\"pcm\"")
                .contains("type: \"flush\"").contains("msg.type === \"audio_end\"");
        page.getByTestId("analysis").locator("li").first().waitFor();
        shoot("console-desktop");
        page.setViewportSize(360, 740);
        assertNoHorizontalScroll();
        shoot("console-phone");
    }

    private void assertNoHorizontalScroll() {
        int width = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
        assertThat(width).as("page width at 360 px").isLessThanOrEqualTo(360);
    }

    private void shoot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
