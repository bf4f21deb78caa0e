package dev.hlas.wyoming;

/** Names and limits of the Wyoming protocol as Hlas speaks it. */
final class WyomingProtocol {
    /** The protocol library version written into every header; readers take it as information only. */
    static final String VERSION = "1.9.0";
    /** Longest header line accepted, newline included. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Largest separate data block accepted. */
    static final int MAX_DATA_BYTES = 1024 * 1024;
    /** Largest payload accepted (a TTS server is sent none; this only bounds what a confused client sends). */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** Samples per {@code audio-chunk}, as the reference server sends them. */
    static final int SAMPLES_PER_CHUNK = 1024;

    static final String DESCRIBE = "describe";
    static final String INFO = "info";
    static final String SYNTHESIZE = "synthesize";
    static final String SYNTHESIZE_START = "synthesize-start";
    static final String SYNTHESIZE_CHUNK = "synthesize-chunk";
    static final String SYNTHESIZE_STOP = "synthesize-stop";
    static final String SYNTHESIZE_STOPPED = "synthesize-stopped";
    static final String AUDIO_START = "audio-start";
    static final String AUDIO_CHUNK = "audio-chunk";
    static final String AUDIO_STOP = "audio-stop";
    static final String ERROR = "error";
    static final String PING = "ping";
    static final String PONG = "pong";

    private WyomingProtocol() {
    }
}
