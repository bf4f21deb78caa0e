package dev.hlas.config;

import java.nio.file.Path;

/**
 * The whole server configuration, immutable once built. Built by the CLI from flags and their {@code HLAS_*}
 * environment equivalents; validated here, once, before anything starts.
 *
 * @param host           address to listen on
 * @param port           TCP port (0 = any free port, for tests)
 * @param maxInputChars  longest accepted {@code input}, in characters
 * @param defaultVoice   voice {@code hlas say} speaks with when none is given, and the one warm-up and readiness use
 * @param espeakLibrary  path or name of libespeak-ng, or null to search the usual places
 * @param espeakData     espeak-ng-data directory, or null for the library's default
 * @param home           data directory (installed voices, cache)
 * @param voices         default voices per language, download mirror
 * @param serving        load handling, cache, API keys, CORS, shutdown
 * @param engines        each engine's settings
 * @param console        the web console: on or off, admin keys, depth of the recent-request ring
 * @param wyoming        the Wyoming protocol server (Home Assistant), off by default
 * @param webSocket      the streaming WebSocket endpoint
 * @param jobs           long-form speech jobs: sizes, concurrency, how long results are kept
 * @param stt            speech to text: default model, upload and duration limits, workers
 */
public record HlasConfig(String host, int port, int maxInputChars, String defaultVoice, String espeakLibrary,
                         String espeakData, Path home, VoiceConfig voices, ServingConfig serving,
                         EnginesConfig engines, ConsoleConfig console, WyomingConfig wyoming,
                         WebSocketConfig webSocket, JobsConfig jobs, SttConfig stt) {
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_INPUT_CHARS = 4096;

    public HlasConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host must be set");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0–65535: " + port);
        if (maxInputChars < 1) throw new IllegalArgumentException("max input chars must be positive: " + maxInputChars);
        if (defaultVoice == null || defaultVoice.isBlank()) defaultVoice = "alloy";
        if (home == null) home = defaultHome();
        if (voices == null) voices = VoiceConfig.defaults();
        if (serving == null) serving = ServingConfig.defaults();
        if (engines == null) engines = EnginesConfig.defaults();
        if (console == null) console = ConsoleConfig.defaults();
        if (wyoming == null) wyoming = WyomingConfig.off();
        if (webSocket == null) webSocket = WebSocketConfig.defaults();
        if (jobs == null) jobs = JobsConfig.defaults();
        if (stt == null) stt = SttConfig.defaults();
    }

    /** The configuration with the default job and speech-to-text settings. */
    public HlasConfig(String host, int port, int maxInputChars, String defaultVoice, String espeakLibrary,
                      String espeakData, Path home, VoiceConfig voices, ServingConfig serving,
                      EnginesConfig engines, ConsoleConfig console, WyomingConfig wyoming,
                      WebSocketConfig webSocket) {
        this(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices, serving, engines,
                console, wyoming, webSocket, null, null);
    }

    /** The configuration with the defaults of the engines, the console, the Wyoming server and the WebSocket. */
    public HlasConfig(String host, int port, int maxInputChars, String defaultVoice, String espeakLibrary,
                      String espeakData, Path home, VoiceConfig voices, ServingConfig serving) {
        this(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices, serving, null, null,
                null, null);
    }

    /** The configuration without voice and serving settings (their defaults apply). */
    public HlasConfig(String host, int port, int maxInputChars, String defaultVoice, String espeakLibrary,
                      String espeakData, Path home) {
        this(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, VoiceConfig.defaults(),
                ServingConfig.defaults());
    }

    /** Defaults, with the data directory under the user's home. */
    public static HlasConfig defaults() {
        return new HlasConfig("0.0.0.0", DEFAULT_PORT, DEFAULT_MAX_INPUT_CHARS, "alloy", null, null, defaultHome());
    }

    /** {@code $HLAS_HOME}, else {@code $XDG_DATA_HOME/hlas}, else {@code ~/.local/share/hlas}. */
    public static Path defaultHome() {
        String env = System.getenv("HLAS_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "hlas");
        return Path.of(System.getProperty("user.home"), ".local", "share", "hlas");
    }

    public HlasConfig withPort(int newPort) {
        return new HlasConfig(host, newPort, maxInputChars, defaultVoice, espeakLibrary, espeakData, home,
                voices, serving, engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withHost(String newHost) {
        return new HlasConfig(newHost, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home,
                voices, serving, engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withMaxInputChars(int chars) {
        return new HlasConfig(host, port, chars, defaultVoice, espeakLibrary, espeakData, home, voices, serving,
                engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withHome(Path newHome) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, newHome,
                voices, serving, engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withVoices(VoiceConfig newVoices) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home,
                newVoices, serving, engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withServing(ServingConfig newServing) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                newServing, engines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withConsole(ConsoleConfig newConsole) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, engines, newConsole, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withWyoming(WyomingConfig newWyoming) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, engines, console, newWyoming, webSocket, jobs, stt);
    }

    public HlasConfig withWebSocket(WebSocketConfig newWebSocket) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, engines, console, wyoming, newWebSocket, jobs, stt);
    }

    public HlasConfig withEngines(EnginesConfig newEngines) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, newEngines, console, wyoming, webSocket, jobs, stt);
    }

    public HlasConfig withJobs(JobsConfig newJobs) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, engines, console, wyoming, webSocket, newJobs, stt);
    }

    public HlasConfig withStt(SttConfig newStt) {
        return new HlasConfig(host, port, maxInputChars, defaultVoice, espeakLibrary, espeakData, home, voices,
                serving, engines, console, wyoming, webSocket, jobs, newStt);
    }
}
