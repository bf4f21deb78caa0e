package dev.hlas.speech;

/** How the audio travels: raw bytes of the container, or server-sent events carrying base64 chunks. */
public enum StreamFormat {
    AUDIO, SSE
}
