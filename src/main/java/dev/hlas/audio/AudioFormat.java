package dev.hlas.audio;

import java.util.Arrays;
import java.util.Optional;

/** The six OpenAI {@code response_format}s and what goes on the wire for each. */
public enum AudioFormat {
    MP3("mp3", "audio/mpeg"),
    OPUS("opus", "audio/ogg"),
    AAC("aac", "audio/aac"),
    FLAC("flac", "audio/flac"),
    WAV("wav", "audio/wav"),
    PCM("pcm", "audio/pcm");

    private final String wireName;
    private final String contentType;

    AudioFormat(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    /** The name a request uses, e.g. {@code mp3}. */
    public String wireName() {
        return wireName;
    }

    /** The {@code Content-Type} of a response in this format. */
    public String contentType() {
        return contentType;
    }

    public static Optional<AudioFormat> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
