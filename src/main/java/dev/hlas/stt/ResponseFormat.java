package dev.hlas.stt;

import dev.hlas.error.HlasException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The five shapes a transcript can be answered in, as OpenAI names them. */
public enum ResponseFormat {
    JSON("application/json"),
    TEXT("text/plain; charset=utf-8"),
    SRT("application/x-subrip; charset=utf-8"),
    VERBOSE_JSON("application/json"),
    VTT("text/vtt; charset=utf-8");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code value} (null: json), or a 400 naming {@code param}. */
    public static ResponseFormat parse(String value, String param) {
        if (value == null || value.isBlank()) return JSON;
        for (ResponseFormat f : values()) {
            if (f.wireName().equals(value.trim())) return f;
        }
        throw HlasException.invalid(param, "Invalid value '" + value + "' for '" + param + "'. Supported values are: "
                + Arrays.stream(values()).map(ResponseFormat::wireName).collect(Collectors.joining(", ")) + ".");
    }
}
