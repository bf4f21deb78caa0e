package dev.hlas.ops;

/**
 * What one request did (an HTTP request, one utterance of a WebSocket session or one Wyoming synthesis: see
 * {@link #transport()}), filled in as it is served (the transport's thread owns it until {@link #finish}), then
 * read by metrics, the summary and the request log. Holds no input text and no API key, only the key's label.
 */
public final class RequestRecord {
    private final String id;
    private final String method;
    private final String path;
    private final long startNanos;
    private final long startEpochMillis;
    private volatile String client = "-";
    private volatile String keyLabel = "-";
    private volatile String route = "unmatched";
    private volatile int status;
    private volatile long endNanos;
    private volatile String engine;
    private volatile String voice;
    private volatile String format;
    private volatile int characters;
    private volatile String cache;
    private volatile long firstByteNanos;
    private volatile double audioSeconds;
    private volatile boolean aborted;
    private volatile String text;
    private volatile String transport = "http";
    private volatile String language;
    private volatile long bytes;
    private volatile String error;

    public RequestRecord(String id, String method, String path, long startNanos, long startEpochMillis) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
    }

    public String id() {
        return id;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public String client() {
        return client;
    }

    public void client(String value) {
        client = value;
    }

    public String keyLabel() {
        return keyLabel;
    }

    public void keyLabel(String value) {
        keyLabel = value;
    }

    public String route() {
        return route;
    }

    public void route(String value) {
        route = value;
    }

    /** Records a speech request's subject: engine, voice(s), format and input length. */
    public void speech(String engineId, String voiceIds, String formatName, int chars) {
        engine = engineId;
        voice = voiceIds;
        format = formatName;
        characters = chars;
    }

    public boolean isSpeech() {
        return voice != null;
    }

    public String engine() {
        return engine;
    }

    public String voice() {
        return voice;
    }

    public String format() {
        return format;
    }

    public int characters() {
        return characters;
    }

    /** {@code hit}, {@code miss} or {@code bypass}; null when the cache was not consulted. */
    public String cache() {
        return cache;
    }

    public void cache(String value) {
        cache = value;
    }

    /** Marks the moment the first audio byte was handed to the connection. */
    public void firstByte(long nanos) {
        if (firstByteNanos == 0) firstByteNanos = nanos;
    }

    /** Time to first byte in seconds, or NaN when no audio was sent. */
    public double ttfbSeconds() {
        return firstByteNanos == 0 ? Double.NaN : (firstByteNanos - startNanos) / 1e9;
    }

    public void audioSeconds(double seconds) {
        audioSeconds = seconds;
    }

    public double audioSeconds() {
        return audioSeconds;
    }

    /** The input text, kept only when request logs may show texts. */
    public void text(String value) {
        text = value;
    }

    public String text() {
        return text;
    }

    /** How the request arrived: {@code http} unless a transport says otherwise ({@code wyoming}, {@code ws}). */
    public String transport() {
        return transport;
    }

    public void transport(String value) {
        transport = value;
    }

    /** The language(s) spoken, comma-separated, or null before the response started. */
    public String language() {
        return language;
    }

    public void language(String value) {
        language = value;
    }

    /** Counts body bytes handed to the connection. */
    public void addBytes(long count) {
        bytes += count; // one writer: the transport's thread
    }

    public long bytes() {
        return bytes;
    }

    /** The message of the error the request was answered with, or null. */
    public String error() {
        return error;
    }

    public void error(String message) {
        error = message;
    }

    /** {@code ok}, {@code cancelled} (the client went away or the transfer broke) or {@code error}. */
    public String outcome() {
        if (error != null && status != 499) return "error";
        if (aborted) return "cancelled";
        return status >= 200 && status < 300 ? "ok" : status == 499 ? "cancelled" : "error";
    }

    /** The client went away or the transfer failed after the headers were sent. */
    public void aborted() {
        aborted = true;
    }

    public boolean wasAborted() {
        return aborted;
    }

    /** Marks the request served with {@code statusCode}. */
    public void finish(int statusCode, long nanos) {
        status = statusCode;
        endNanos = nanos;
    }

    public int status() {
        return status;
    }

    public double durationSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Wall time per second of audio produced, or NaN. */
    public double realTimeFactor() {
        return audioSeconds > 0 ? durationSeconds() / audioSeconds : Double.NaN;
    }
}
