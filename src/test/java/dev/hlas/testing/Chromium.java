package dev.hlas.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, or {@code HLAS_CHROMIUM}), headless, driven by Playwright for Java,
 * for the browser tests. Playwright's own browser download is never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1; its jar
 * carries the Node driver). Without Chromium a test class fails, unless the user is not root (then
 * {@code ./hlas test} could not have installed it) and it is skipped, saying why.
 */
public final class Chromium {
    public static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("HLAS_CHROMIUM", "/usr/bin/chromium"));

    private Chromium() {
    }

    /** Fails (as root or on CI) or skips the calling class when Chromium is missing. */
    public static void requireInstalled() {
        if (Files.isExecutable(EXECUTABLE)) return;
        boolean root = "root".equals(System.getProperty("user.name"));
        String message = EXECUTABLE + " is missing: the browser tests need Debian's chromium "
                + "(./hlas test installs it as root; otherwise: sudo apt-get install chromium)";
        if (root || System.getenv("CI") != null) throw new AssertionError(message);
        Assumptions.abort(message);
    }

    /** Playwright without its browser download. */
    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Launches Chromium headless; audio may play without a user gesture. */
    public static Browser launch(Playwright playwright) {
        // launch() gives Chromium a fresh temporary profile of its own (it refuses a --user-data-dir argument).
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--autoplay-policy=no-user-gesture-required")));
    }
}
